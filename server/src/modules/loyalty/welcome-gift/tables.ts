import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { CouponSpec } from "../checkin/coupon-spec.js";

export const welcomeGiftTriggers = ["first_login", "first_order", "channel"] as const;
export type WelcomeGiftTrigger = (typeof welcomeGiftTriggers)[number];
export type GiftItem = { name: string; quantity: number };

const time = (name: string) => timestamp(name, { withTimezone: true });

export const welcomeGiftSettings = pgTable(
  "welcome_gift_settings",
  {
    merchantId: uuid("merchant_id").notNull(),
    enabled: boolean("enabled").notNull().default(false),
    triggers: text("triggers").array().$type<WelcomeGiftTrigger[]>().notNull().default(["first_login"]),
    channels: text("channels").array().notNull().default([]),
    points: integer("points").notNull().default(0),
    items: jsonb("items").$type<GiftItem[]>().notNull().default([]),
    coupon: jsonb("coupon").$type<CouponSpec>(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId] })],
);

export const welcomeGifts = pgTable(
  "welcome_gifts",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    trigger: text("trigger").$type<WelcomeGiftTrigger>().notNull(),
    channel: text("channel"),
    points: integer("points").notNull().default(0),
    items: jsonb("items").$type<GiftItem[]>().notNull().default([]),
    coupon: jsonb("coupon").$type<CouponSpec>(),
    ledgerEntryId: uuid("ledger_entry_id"),
    grantedAt: time("granted_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId] })],
);
