import { z } from "zod";
import { downgradeSchedules, growthBases, growthWindows, levelChangeReasons } from "./tables.js";

export const LevelSettingsSchema = z.strictObject({
  growthBasis: z.enum(growthBases),
  /** Weighted basis: growth per ¥1 of net spend, in percent (100 = 1 per ¥1). */
  spendWeightPercent: z.number().int().min(0).max(100_000),
  /** Weighted basis: growth per point earned, in percent (100 = 1 per point). */
  pointsWeightPercent: z.number().int().min(0).max(100_000),
  growthWindow: z.enum(growthWindows),
  downgradeSchedule: z.enum(downgradeSchedules),
  /** No scheduled downgrade for this many days after an upgrade. */
  protectionDays: z.number().int().min(0).max(3650),
});
export type LevelSettings = z.infer<typeof LevelSettingsSchema>;

const RewardCouponSchema = z.strictObject({
  templateId: z.string().trim().min(1).max(100),
  quantity: z.number().int().min(1).max(20),
});

const LevelBenefitsShape = {
  /** Purchase points × this / 100 (100 = 1×, 150 = 1.5×). */
  pointsMultiplierPercent: z.number().int().min(100).max(1000),
  /** Percent off a purchase (5 = 95折). */
  discountPercent: z.number().int().min(0).max(90),
  birthdayGiftPoints: z.number().int().min(0).max(1_000_000),
  freeGifts: z.array(z.string().trim().min(1).max(60)).max(10),
  /** Points given once on reaching the level. */
  rewardPoints: z.number().int().min(0).max(1_000_000),
  /** Coupons on reaching the level: stored for the promotions issue, not issued yet. */
  rewardCoupon: RewardCouponSchema.nullable(),
};

export const LevelInputSchema = z.strictObject({
  /** An existing level keeps its id (and its members); omit it for a new level. */
  id: z.string().uuid().optional(),
  name: z.string().trim().min(1).max(20),
  nameEn: z.string().trim().min(1).max(40),
  /** Growth needed to reach the level: 分 on the spend basis, points or growth points otherwise. */
  threshold: z.number().int().min(0).max(1_000_000_000_000),
  ...LevelBenefitsShape,
});
export type LevelInput = z.infer<typeof LevelInputSchema>;

/** The whole ladder, lowest (the entry level, threshold 0) first. */
export const LevelSetSchema = z.strictObject({
  settings: LevelSettingsSchema,
  levels: z.array(LevelInputSchema).min(1).max(12),
});
export type LevelSet = z.infer<typeof LevelSetSchema>;

export const LevelSchema = z.object({
  id: z.string().uuid(),
  position: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
  threshold: z.number().int(),
  ...LevelBenefitsShape,
  memberCount: z.number().int(),
});
export type Level = z.infer<typeof LevelSchema>;

export const LevelConfigResponseSchema = z.object({
  settings: LevelSettingsSchema,
  levels: z.array(LevelSchema),
  /** False until the merchant saves a ladder (levels is then empty). */
  configured: z.boolean(),
  timeZone: z.string(),
});

export const LevelSaveResponseSchema = LevelConfigResponseSchema.extend({
  reevaluateJobId: z.number().int(),
});

export const LevelCountsResponseSchema = z.object({
  data: z.array(
    z.object({
      id: z.string().uuid().nullable(),
      name: z.string(),
      nameEn: z.string(),
      threshold: z.number().int(),
      count: z.number().int(),
    }),
  ),
  total: z.number().int(),
  tookMs: z.number().optional(),
});

export const LevelChangeSchema = z.object({
  fromLevelId: z.string().uuid().nullable(),
  fromName: z.string().nullable(),
  toLevelId: z.string().uuid(),
  toName: z.string(),
  reason: z.enum(levelChangeReasons),
  trigger: z.string().nullable(),
  growth: z.number().int(),
  actor: z.object({ type: z.string(), name: z.string().nullable() }),
  changedAt: z.date(),
});

const LevelBriefSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  nameEn: z.string(),
  threshold: z.number().int(),
  pointsMultiplierPercent: z.number().int(),
  discountPercent: z.number().int(),
  birthdayGiftPoints: z.number().int(),
  freeGifts: z.array(z.string()),
});

/** A customer's standing on the ladder; current is null before they are first placed. */
export const CustomerLevelSchema = z.object({
  configured: z.boolean(),
  growthBasis: z.enum(growthBases),
  growthWindow: z.enum(growthWindows),
  growth: z.number().int(),
  current: LevelBriefSchema.extend({
    /** null while the customer sits on the entry level without having been placed yet. */
    since: z.date().nullable(),
    protectedUntil: z.date().nullable(),
  }).nullable(),
  next: LevelBriefSchema.nullable(),
  /** Growth still missing to reach next (0 when next is null). */
  missing: z.number().int(),
});

export const CustomerLevelResponseSchema = CustomerLevelSchema.extend({
  history: z.array(LevelChangeSchema),
});

export const ManualLevelSchema = z.strictObject({
  levelId: z.string().uuid(),
  /** Why, kept on the change log (as its trigger) and in the audit log. */
  note: z.string().trim().min(1).max(100).optional(),
});
