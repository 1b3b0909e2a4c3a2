import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const orderStatuses = ["completed", "partially_refunded", "refunded", "cancelled"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orders = pgTable(
  "orders",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    externalId: text("external_id").notNull(),
    customerId: uuid("customer_id"),
    storeId: uuid("store_id"),
    placedAt: timestamp("placed_at", { withTimezone: true }).notNull(),
    status: text("status").$type<OrderStatus>().notNull().default("completed"),
    currency: text("currency").notNull().default("CNY"),
    subtotal: bigint("subtotal", { mode: "number" }).notNull(),
    discount: bigint("discount", { mode: "number" }).notNull().default(0),
    total: bigint("total", { mode: "number" }).notNull(),
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull().default(0),
    itemCount: integer("item_count").notNull().default(0),
    source: text("source").notNull().default("api"),
    note: text("note"),
    requestHash: text("request_hash"),
    importId: uuid("import_id"),
    redemptionId: uuid("redemption_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const orderItems = pgTable(
  "order_items",
  {
    merchantId: uuid("merchant_id").notNull(),
    orderId: uuid("order_id").notNull(),
    lineNo: integer("line_no").notNull(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    category: text("category"),
    quantity: integer("quantity").notNull(),
    unitPrice: bigint("unit_price", { mode: "number" }).notNull(),
    discount: bigint("discount", { mode: "number" }).notNull().default(0),
    total: bigint("total", { mode: "number" }).notNull(),
    refundedQuantity: integer("refunded_quantity").notNull().default(0),
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.orderId, t.lineNo] })],
);

export type RefundLine = { lineNo: number; quantity: number; amount: number };

export const refunds = pgTable(
  "refunds",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    orderId: uuid("order_id").notNull(),
    externalId: text("external_id"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    reason: text("reason"),
    lines: jsonb("lines").$type<RefundLine[]>().notNull().default([]),
    refundedAt: timestamp("refunded_at", { withTimezone: true }).notNull().defaultNow(),
    source: text("source").notNull().default("api"),
    requestHash: text("request_hash"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const products = pgTable(
  "products",
  {
    merchantId: uuid("merchant_id").notNull(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    category: text("category"),
    lastUnitPrice: bigint("last_unit_price", { mode: "number" }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.sku] })],
);
