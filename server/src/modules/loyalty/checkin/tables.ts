import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { CouponSpec } from "./coupon-spec.js";

export type StreakReward = { day: number; points: number; coupon: CouponSpec | null };
export type AfterCycle = "restart" | "keep_last";

const time = (name: string) => timestamp(name, { withTimezone: true });

export const checkinSettings = pgTable(
  "checkin_settings",
  {
    merchantId: uuid("merchant_id").notNull(),
    enabled: boolean("enabled").notNull().default(false),
    cycleDays: integer("cycle_days").notNull().default(7),
    rewards: jsonb("rewards").$type<StreakReward[]>().notNull().default([]),
    afterCycle: text("after_cycle").$type<AfterCycle>().notNull().default("restart"),
    makeupEnabled: boolean("makeup_enabled").notNull().default(false),
    makeupCostPoints: integer("makeup_cost_points").notNull().default(0),
    makeupWindowDays: integer("makeup_window_days").notNull().default(7),
    makeupMonthlyLimit: integer("makeup_monthly_limit").notNull().default(2),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId] })],
);

export const checkins = pgTable(
  "checkins",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    localDate: date("local_date", { mode: "string" }).notNull(),
    streakDay: integer("streak_day").notNull(),
    points: integer("points").notNull().default(0),
    coupon: jsonb("coupon").$type<CouponSpec>(),
    madeUp: boolean("made_up").notNull().default(false),
    makeupCostPoints: integer("makeup_cost_points").notNull().default(0),
    ledgerEntryId: uuid("ledger_entry_id"),
    makeupEntryId: uuid("makeup_entry_id"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId, t.localDate] })],
);
