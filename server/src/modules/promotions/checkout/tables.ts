import { bigint, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const redemptionStatuses = ["redeemed", "rolled_back"] as const;
export type RedemptionStatus = (typeof redemptionStatuses)[number];

export const reservationStatuses = ["held", "redeemed", "released", "expired"] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

/** A priced line as stored with a redemption (the engine's PricedLine). */
export type StoredLine = {
  lineId: string;
  sku: string;
  category: string | null;
  quantity: number;
  unitPrice: number;
  amount: number;
  discount: number;
  netAmount: number;
};
export type StoredGift = { couponId: string; sku: string; name: string; quantity: number; value: number };

const time = (name: string) => timestamp(name, { withTimezone: true });
const money = (name: string) => bigint(name, { mode: "number" });

export const couponRedemptions = pgTable(
  "coupon_redemptions",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash").notNull(),
    customerId: uuid("customer_id"),
    storeId: uuid("store_id"),
    orderRef: text("order_ref"),
    reservationId: uuid("reservation_id"),
    status: text("status").$type<RedemptionStatus>().notNull().default("redeemed"),
    subtotal: money("subtotal").notNull(),
    discount: money("discount").notNull(),
    total: money("total").notNull(),
    giftValue: money("gift_value").notNull().default(0),
    lines: jsonb("lines").$type<StoredLine[]>().notNull(),
    gifts: jsonb("gifts").$type<StoredGift[]>().notNull().default([]),
    redeemedAt: time("redeemed_at").notNull(),
    rollbackKey: text("rollback_key"),
    rollbackHash: text("rollback_hash"),
    rolledBackAt: time("rolled_back_at"),
    rollbackSource: text("rollback_source"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const couponRedemptionCoupons = pgTable(
  "coupon_redemption_coupons",
  {
    merchantId: uuid("merchant_id").notNull(),
    redemptionId: uuid("redemption_id").notNull(),
    couponId: uuid("coupon_id").notNull(),
    templateId: uuid("template_id").notNull(),
    code: text("code").notNull(),
    kind: text("kind").notNull(),
    discount: money("discount").notNull(),
    giftValue: money("gift_value").notNull().default(0),
    budgetCharged: money("budget_charged").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.redemptionId, t.couponId] })],
);

export const couponRedemptionShares = pgTable(
  "coupon_redemption_shares",
  {
    merchantId: uuid("merchant_id").notNull(),
    redemptionId: uuid("redemption_id").notNull(),
    couponId: uuid("coupon_id").notNull(),
    lineId: text("line_id").notNull(),
    amount: money("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.redemptionId, t.couponId, t.lineId] })],
);

export const couponReservations = pgTable(
  "coupon_reservations",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash").notNull(),
    customerId: uuid("customer_id"),
    storeId: uuid("store_id"),
    couponIds: uuid("coupon_ids").array().notNull(),
    status: text("status").$type<ReservationStatus>().notNull().default("held"),
    expiresAt: time("expires_at").notNull(),
    createdAt: time("created_at").notNull(),
    redemptionId: uuid("redemption_id"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
