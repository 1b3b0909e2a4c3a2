import { date, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const genders = ["male", "female", "other", "unknown"] as const;
export type Gender = (typeof genders)[number];

export const customers = pgTable(
  "customers",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name"),
    phone: text("phone"),
    externalId: text("external_id"),
    email: text("email"),
    gender: text("gender").$type<Gender>(),
    birthday: date("birthday", { mode: "string" }),
    province: text("province"),
    city: text("city"),
    district: text("district"),
    occupation: text("occupation"),
    sourceChannel: text("source_channel"),
    note: text("note"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    joinedAt: timestamp("joined_at", { withTimezone: true }),
    mergedIntoId: uuid("merged_into_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const identityKinds = ["phone", "external_id", "wechat_openid", "wechat_unionid", "email"] as const;
export type IdentityKind = (typeof identityKinds)[number];

export const customerIdentities = pgTable(
  "customer_identities",
  {
    merchantId: uuid("merchant_id").notNull(),
    kind: text("kind").$type<IdentityKind>().notNull(),
    value: text("value").notNull(),
    customerId: uuid("customer_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.kind, t.value] })],
);

export type CustomerRow = typeof customers.$inferSelect;
