import {
  bigint,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const rfmClasses = [
  "important_value",
  "important_develop",
  "important_keep",
  "important_retain",
  "general_value",
  "general_develop",
  "general_keep",
  "general_retain",
] as const;
export type RfmClass = (typeof rfmClasses)[number];

export const rfmReferenceModes = ["today", "fixed", "after_last_order"] as const;
export type RfmReferenceMode = (typeof rfmReferenceModes)[number];

export const rfmScoringModes = ["quintile", "cutoffs"] as const;
export type RfmScoringMode = (typeof rfmScoringModes)[number];

/**
 * Ascending thresholds for scores 2–5. Recency: days ≤ recency[0] scores 5, ≤ recency[1] 4, …,
 * above recency[3] 1. Frequency and monetary (分): ≥ [3] scores 5, ≥ [2] 4, …, below [0] 1.
 */
export type RfmCutoffs = {
  recency: [number, number, number, number];
  frequency: [number, number, number, number];
  monetary: [number, number, number, number];
};

/** One row per customer with at least one non-cancelled order; no row reads as zero orders. */
export const customerMetrics = pgTable(
  "customer_metrics",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    firstOrderAt: timestamp("first_order_at", { withTimezone: true }),
    lastOrderAt: timestamp("last_order_at", { withTimezone: true }),
    orderCount: integer("order_count").notNull().default(0),
    totalSpent: bigint("total_spent", { mode: "number" }).notNull().default(0),
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull().default(0),
    netSpent: bigint("net_spent", { mode: "number" }).notNull().default(0),
    averageOrderValue: bigint("average_order_value", { mode: "number" }).notNull().default(0),
    storesVisited: integer("stores_visited").notNull().default(0),
    favouriteCategory: text("favourite_category"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId] })],
);

export const customerCategoryMetrics = pgTable(
  "customer_category_metrics",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    category: text("category").notNull(),
    orderCount: integer("order_count").notNull().default(0),
    spent: bigint("spent", { mode: "number" }).notNull().default(0),
    firstOrderAt: timestamp("first_order_at", { withTimezone: true }).notNull(),
    lastOrderAt: timestamp("last_order_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId, t.category] })],
);

export const customerRfm = pgTable(
  "customer_rfm",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    windowDays: integer("window_days"),
    recencyDays: integer("recency_days").notNull(),
    frequency: integer("frequency").notNull(),
    monetary: bigint("monetary", { mode: "number" }).notNull(),
    rScore: smallint("r_score").notNull(),
    fScore: smallint("f_score").notNull(),
    mScore: smallint("m_score").notNull(),
    rfmClass: text("rfm_class").$type<RfmClass>().notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId] })],
);

/** No row means the defaults: 365-day window, as of today, quintile scores. */
export const insightSettings = pgTable("insight_settings", {
  merchantId: uuid("merchant_id").primaryKey(),
  rfmWindowDays: integer("rfm_window_days").default(365),
  rfmReferenceMode: text("rfm_reference_mode").$type<RfmReferenceMode>().notNull().default("today"),
  rfmReferenceDate: date("rfm_reference_date", { mode: "string" }),
  rfmScoringMode: text("rfm_scoring_mode").$type<RfmScoringMode>().notNull().default("quintile"),
  rfmCutoffs: jsonb("rfm_cutoffs").$type<RfmCutoffs>(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
