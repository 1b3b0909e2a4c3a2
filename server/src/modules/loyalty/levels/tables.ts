import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const growthBases = ["spend", "points_earned", "weighted"] as const;
export type GrowthBasis = (typeof growthBases)[number];

export const growthWindows = ["lifetime", "rolling_12_months"] as const;
export type GrowthWindow = (typeof growthWindows)[number];

export const downgradeSchedules = ["monthly", "quarterly", "never"] as const;
export type DowngradeSchedule = (typeof downgradeSchedules)[number];

export const levelChangeReasons = ["upgrade", "downgrade", "settings", "manual"] as const;
export type LevelChangeReason = (typeof levelChangeReasons)[number];

/** What the promotions issue will issue on reaching a level; stored until then. */
export type RewardCouponSpec = { templateId: string; quantity: number };

const time = (name: string) => timestamp(name, { withTimezone: true });

export const levelSettings = pgTable(
  "level_settings",
  {
    merchantId: uuid("merchant_id").notNull(),
    growthBasis: text("growth_basis").$type<GrowthBasis>().notNull().default("spend"),
    spendWeightPercent: integer("spend_weight_percent").notNull().default(100),
    pointsWeightPercent: integer("points_weight_percent").notNull().default(100),
    growthWindow: text("growth_window").$type<GrowthWindow>().notNull().default("lifetime"),
    downgradeSchedule: text("downgrade_schedule").$type<DowngradeSchedule>().notNull().default("quarterly"),
    protectionDays: integer("protection_days").notNull().default(90),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId] })],
);

export const memberLevels = pgTable(
  "member_levels",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    threshold: bigint("threshold", { mode: "number" }).notNull(),
    pointsMultiplierPercent: integer("points_multiplier_percent").notNull().default(100),
    discountPercent: integer("discount_percent").notNull().default(0),
    birthdayGiftPoints: integer("birthday_gift_points").notNull().default(0),
    freeGifts: jsonb("free_gifts").$type<string[]>().notNull().default([]),
    rewardPoints: integer("reward_points").notNull().default(0),
    rewardCoupon: jsonb("reward_coupon").$type<RewardCouponSpec>(),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const customerLevels = pgTable(
  "customer_levels",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    levelId: uuid("level_id").notNull(),
    since: time("since").notNull(),
    protectedUntil: time("protected_until"),
    growth: bigint("growth", { mode: "number" }).notNull().default(0),
    growthAt: time("growth_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId] })],
);

export const levelChanges = pgTable(
  "level_changes",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    customerId: uuid("customer_id").notNull(),
    fromLevelId: uuid("from_level_id"),
    fromName: text("from_name"),
    toLevelId: uuid("to_level_id").notNull(),
    toName: text("to_name").notNull(),
    reason: text("reason").$type<LevelChangeReason>().notNull(),
    trigger: text("trigger"),
    growth: bigint("growth", { mode: "number" }).notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    changedAt: time("changed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
