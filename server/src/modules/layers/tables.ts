import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const layers = pgTable(
  "layers",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    rule: jsonb("rule").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const customerLayers = pgTable(
  "customer_layers",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    layerId: uuid("layer_id").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId] })],
);

export const layerMoveReasons = ["rule", "reconcile", "merge", "settings"] as const;
export type LayerMoveReason = (typeof layerMoveReasons)[number];

export const layerMoves = pgTable(
  "layer_moves",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    customerId: uuid("customer_id").notNull(),
    fromLayerId: uuid("from_layer_id"),
    fromName: text("from_name"),
    toLayerId: uuid("to_layer_id"),
    toName: text("to_name"),
    reason: text("reason").$type<LayerMoveReason>().notNull(),
    movedAt: timestamp("moved_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
