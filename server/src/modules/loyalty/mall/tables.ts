import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const mallItemKinds = ["physical", "service", "coupon"] as const;
export type MallItemKind = (typeof mallItemKinds)[number];

export const exchangeStatuses = ["awaiting_pickup", "verified", "cancelled", "expired"] as const;
export type ExchangeStatus = (typeof exchangeStatuses)[number];

const time = (name: string) => timestamp(name, { withTimezone: true });

export const mallItems = pgTable(
  "mall_items",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind").$type<MallItemKind>().notNull(),
    name: text("name").notNull(),
    description: text("description"),
    imageUrl: text("image_url"),
    pointsPrice: integer("points_price").notNull(),
    cashPrice: bigint("cash_price", { mode: "number" }).notNull().default(0),
    couponSpec: jsonb("coupon_spec").$type<Record<string, unknown>>(),
    stock: integer("stock"),
    perMemberLimit: integer("per_member_limit"),
    validFrom: time("valid_from"),
    validUntil: time("valid_until"),
    pickupDays: integer("pickup_days").notNull().default(30),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const mallExchanges = pgTable(
  "mall_exchanges",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull(),
    code: text("code").notNull(),
    customerId: uuid("customer_id").notNull(),
    itemId: uuid("item_id").notNull(),
    itemName: text("item_name").notNull(),
    itemKind: text("item_kind").$type<MallItemKind>().notNull(),
    quantity: integer("quantity").notNull(),
    points: bigint("points", { mode: "number" }).notNull(),
    cashDue: bigint("cash_due", { mode: "number" }).notNull().default(0),
    status: text("status").$type<ExchangeStatus>().notNull().default("awaiting_pickup"),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash").notNull(),
    spendEntryId: uuid("spend_entry_id").notNull(),
    returnEntryId: uuid("return_entry_id"),
    source: text("source").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    createdAt: time("created_at").notNull().defaultNow(),
    expiresAt: time("expires_at").notNull(),
    verifiedAt: time("verified_at"),
    verifiedById: text("verified_by_id"),
    verifiedByName: text("verified_by_name"),
    verifiedStoreId: uuid("verified_store_id"),
    cancelledAt: time("cancelled_at"),
    cancelledByType: text("cancelled_by_type"),
    cancelledById: text("cancelled_by_id"),
    cancelledByName: text("cancelled_by_name"),
    cancelReason: text("cancel_reason"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
