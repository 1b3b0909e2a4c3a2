import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Audience } from "../coupons/tables.js";

export const flashSaleStatuses = ["active", "paused"] as const;
export type FlashSaleStatus = (typeof flashSaleStatuses)[number];

export const purchaseStatuses = ["held", "confirmed", "released"] as const;
export type PurchaseStatus = (typeof purchaseStatuses)[number];

const time = (name: string) => timestamp(name, { withTimezone: true });

export const flashSales = pgTable(
  "flash_sales",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    sku: text("sku").notNull(),
    itemName: text("item_name").notNull(),
    imageUrl: text("image_url"),
    originalPrice: bigint("original_price", { mode: "number" }).notNull(),
    price: bigint("price", { mode: "number" }).notNull(),
    stock: integer("stock").notNull(),
    sold: integer("sold").notNull().default(0),
    held: integer("held").notNull().default(0),
    perMemberLimit: integer("per_member_limit"),
    /** Who may buy, as on coupon templates: a segment, a layer or given levels; null = everyone. */
    audience: jsonb("audience").$type<Audience>(),
    startsAt: time("starts_at").notNull(),
    endsAt: time("ends_at").notNull(),
    paymentMinutes: integer("payment_minutes").notNull().default(15),
    status: text("status").$type<FlashSaleStatus>().notNull().default("active"),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const flashSalePurchases = pgTable(
  "flash_sale_purchases",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull(),
    saleId: uuid("sale_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    code: text("code").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: bigint("unit_price", { mode: "number" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    status: text("status").$type<PurchaseStatus>().notNull().default("held"),
    holdUntil: time("hold_until").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash").notNull(),
    createdAt: time("created_at").notNull().defaultNow(),
    settleKey: text("settle_key"),
    settleAction: text("settle_action").$type<"confirm" | "cancel">(),
    confirmedAt: time("confirmed_at"),
    releasedAt: time("released_at"),
    releaseReason: text("release_reason").$type<"cancelled" | "expired">(),
    settledByType: text("settled_by_type"),
    settledById: text("settled_by_id"),
    settledByName: text("settled_by_name"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
