import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const segments = pgTable(
  "segments",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    rule: jsonb("rule").$type<Record<string, unknown>>().notNull(),
    ruleVersion: integer("rule_version").notNull().default(1),
    reconciledAt: timestamp("reconciled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const segmentMembers = pgTable(
  "segment_members",
  {
    merchantId: uuid("merchant_id").notNull(),
    segmentId: uuid("segment_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.segmentId, t.customerId] })],
);
