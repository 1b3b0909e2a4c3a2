import { z } from "zod";
import { CouponSpecSchema } from "./coupon-spec.js";

export const LocalDateSchema = z.iso.date();
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month as YYYY-MM");

const StreakRewardSchema = z.strictObject({
  day: z.number().int().min(1).max(31),
  points: z.number().int().min(0).max(1_000_000),
  coupon: CouponSpecSchema.nullable().default(null),
});

export const CheckinSettingsInputSchema = z
  .strictObject({
    enabled: z.boolean(),
    cycleDays: z.number().int().min(1).max(31),
    rewards: z.array(StreakRewardSchema).max(31),
    afterCycle: z.enum(["restart", "keep_last"]),
    makeup: z.strictObject({
      enabled: z.boolean(),
      costPoints: z.number().int().min(0).max(1_000_000),
      windowDays: z.number().int().min(1).max(60),
      monthlyLimit: z.number().int().min(0).max(31),
    }),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<number>();
    value.rewards.forEach((reward, index) => {
      if (reward.day > value.cycleDays) {
        ctx.addIssue({
          code: "custom",
          path: ["rewards", index, "day"],
          message: `day ${reward.day} is past the ${value.cycleDays}-day cycle`,
        });
      }
      if (seen.has(reward.day)) {
        ctx.addIssue({ code: "custom", path: ["rewards", index, "day"], message: `day ${reward.day} twice` });
      }
      seen.add(reward.day);
    });
  });
export type CheckinSettingsInput = z.infer<typeof CheckinSettingsInputSchema>;

export const CheckinSettingsSchema = z.object({
  enabled: z.boolean(),
  cycleDays: z.number().int(),
  rewards: z.array(
    z.object({ day: z.number().int(), points: z.number().int(), coupon: CouponSpecSchema.nullable() }),
  ),
  afterCycle: z.enum(["restart", "keep_last"]),
  makeup: z.object({
    enabled: z.boolean(),
    costPoints: z.number().int(),
    windowDays: z.number().int(),
    monthlyLimit: z.number().int(),
  }),
  updatedAt: z.string().nullable(),
});
export type CheckinSettings = z.infer<typeof CheckinSettingsSchema>;

export const CheckinSchema = z.object({
  date: z.string(),
  streak: z.number().int(),
  points: z.number().int(),
  coupon: CouponSpecSchema.nullable(),
  madeUp: z.boolean(),
  makeupCostPoints: z.number().int(),
  ledgerEntryId: z.string().nullable(),
  createdAt: z.string(),
});
export type CheckinView = z.infer<typeof CheckinSchema>;

export const RewardSchema = z.object({
  scheduleDay: z.number().int(),
  points: z.number().int(),
  coupon: CouponSpecSchema.nullable(),
});

export const CheckinResultSchema = z.object({
  checkin: CheckinSchema,
  pointsAvailable: z.number().int(),
});

export const CheckinCalendarSchema = z.object({
  enabled: z.boolean(),
  month: z.string(),
  today: z.string(),
  checkedInToday: z.boolean(),
  /** Consecutive days up to today (or yesterday, while today is still open). */
  streak: z.number().int(),
  days: z.array(CheckinSchema),
  /** What checking in today earns (or earned). */
  todayReward: RewardSchema,
  /** What the next day of the streak earns if the member keeps going. */
  nextReward: RewardSchema,
  schedule: CheckinSettingsSchema.pick({ cycleDays: true, rewards: true, afterCycle: true }),
  makeup: z.object({
    enabled: z.boolean(),
    costPoints: z.number().int(),
    windowDays: z.number().int(),
    monthlyLimit: z.number().int(),
    /** Make-ups already used for days of the month shown. */
    usedThisMonth: z.number().int(),
    /** The earliest day a make-up may reach today. */
    earliestDate: z.string(),
  }),
  pointsAvailable: z.number().int(),
});
export type CheckinCalendar = z.infer<typeof CheckinCalendarSchema>;
