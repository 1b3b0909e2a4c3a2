import { z } from "zod";
import { WalletBalanceSchema } from "../ledger/schemas.js";
import { paymentMethods } from "./tables.js";

export const StoredValueBalanceSchema = WalletBalanceSchema.extend({
  principal: z.number().int().describe("Spendable money the customer paid in (分)"),
  bonus: z.number().int().describe("Spendable bonus from top-up tiers (分)"),
});

export const BonusRuleSchema = z.object({
  id: z.string(),
  minAmount: z.number().int(),
  bonusAmount: z.number().int(),
  active: z.boolean(),
});

export const BonusRuleInputSchema = z.strictObject({
  minAmount: z.number().int().min(1).max(100_000_000).describe("Top-ups of at least this many 分 …"),
  bonusAmount: z.number().int().min(0).max(100_000_000).describe("… get this bonus (分)"),
  active: z.boolean().default(true),
});

const money = z.number().int().min(1).max(100_000_000);
const note = z.string().trim().min(1).max(200);

export const TopUpInputSchema = z.strictObject({
  amount: money.describe("分"),
  paymentMethod: z.enum(paymentMethods),
  storeId: z.string().uuid().optional(),
  reference: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("The payment's receipt or transaction number"),
  note: note.optional(),
});

export const TopUpSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  amount: z.number().int(),
  bonus: z.number().int(),
  paymentMethod: z.enum(paymentMethods),
  storeId: z.string().nullable(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(["completed", "refunded"]),
  refundedPrincipal: z.number().int().nullable(),
  withdrawnBonus: z.number().int().nullable(),
  refundedAt: z.date().nullable(),
  actorType: z.string(),
  actorName: z.string().nullable(),
  createdAt: z.date(),
});

export const TopUpResultSchema = z.object({
  topup: TopUpSchema,
  balance: StoredValueBalanceSchema,
  replayed: z.boolean(),
});

export const TopUpRefundSchema = z.strictObject({ note: note.optional() });

export const PayInputSchema = z.strictObject({
  amount: money.describe("分"),
  reference: z.string().trim().min(1).max(100).optional().describe("Your order number"),
  note: note.optional(),
});

export const PaymentRefundSchema = z.strictObject({
  amount: money.optional().describe("Part of the payment (分); all that is not yet refunded by default"),
  note: note.optional(),
});
