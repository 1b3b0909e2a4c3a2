import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const tagKinds = ["manual", "rule"] as const;
export type TagKind = (typeof tagKinds)[number];
export type TagSource = TagKind;

export const tagGroups = pgTable(
  "tag_groups",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const tags = pgTable(
  "tags",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    groupId: uuid("group_id"),
    name: text("name").notNull(),
    color: text("color").notNull().default("#1677ff"),
    description: text("description"),
    kind: text("kind").$type<TagKind>().notNull(),
    rule: jsonb("rule").$type<Record<string, unknown>>(),
    ruleVersion: integer("rule_version").notNull().default(0),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const customerTags = pgTable(
  "customer_tags",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    tagId: uuid("tag_id").notNull(),
    source: text("source").$type<TagSource>().notNull(),
    reason: text("reason"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    ruleVersion: integer("rule_version"),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId, t.tagId] })],
);

export const customerTagHistory = pgTable(
  "customer_tag_history",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    customerId: uuid("customer_id").notNull(),
    tagId: uuid("tag_id").notNull(),
    tagName: text("tag_name").notNull(),
    action: text("action").$type<"added" | "removed">().notNull(),
    source: text("source").$type<TagSource>().notNull(),
    reason: text("reason"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    ruleVersion: integer("rule_version"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
