import { z } from "zod";
import { reasonCodes } from "../ledger/reasons.js";

export const PointsExpirySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  z.strictObject({ kind: z.literal("months"), months: z.number().int().min(1).max(120) }),
  z.strictObject({ kind: z.literal("year_end") }),
]);

export const LoyaltySettingsSchema = z.object({
  pointsPendingDays: z.number().int(),
  pointsExpiry: PointsExpirySchema,
  allowNegativePoints: z.boolean(),
  profileCompletionPoints: z.number().int(),
  storedValueBonusOrder: z.enum(["principal_first", "pro_rata"]),
  timeZone: z.string(),
});

export const LoyaltySettingsChangeSchema = z.strictObject({
  pointsPendingDays: z.number().int().min(0).max(365).optional(),
  pointsExpiry: PointsExpirySchema.optional(),
  allowNegativePoints: z.boolean().optional(),
  profileCompletionPoints: z.number().int().min(0).max(1_000_000).optional(),
  storedValueBonusOrder: z.enum(["principal_first", "pro_rata"]).optional(),
});

export const EarnRuleSchema = z.object({
  id: z.string(),
  scope: z.enum(["shop", "category", "store"]),
  category: z.string().nullable(),
  storeId: z.string().nullable(),
  stepAmount: z.number().int(),
  pointsPerStep: z.number().int(),
  active: z.boolean(),
});

export const EarnRuleInputSchema = z.strictObject({
  scope: z.enum(["shop", "category", "store"]),
  category: z.string().trim().min(1).max(100).nullable().default(null),
  storeId: z.string().uuid().nullable().default(null),
  stepAmount: z.number().int().min(1).max(100_000_000).describe("分 per step: 100 = every ¥1"),
  pointsPerStep: z.number().int().min(0).max(1_000_000),
  active: z.boolean().default(true),
});

const points = z.number().int().min(1).max(100_000_000);
const note = z.string().trim().min(1).max(200);

export const PointsEarnSchema = z.strictObject({
  points,
  reason: z.enum(reasonCodes).default("api_earn"),
  note: note.optional(),
});

export const PointsSpendSchema = z.strictObject({
  points,
  reason: z.enum(reasonCodes).default("api_spend"),
  note: note.optional(),
  reference: z.string().trim().min(1).max(100).optional().describe("Your order or transaction number"),
});

export const PointsAdjustSchema = z.strictObject({
  points: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((n) => n !== 0, "points must not be zero"),
  note: note.describe("Why: shown to staff in the ledger and the audit log"),
});
