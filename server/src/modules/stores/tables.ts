import { doublePrecision, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const stores = pgTable(
  "stores",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    city: text("city"),
    address: text("address"),
    phone: text("phone"),
    /** For live codes that route to the nearest store (migration 0027). */
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
