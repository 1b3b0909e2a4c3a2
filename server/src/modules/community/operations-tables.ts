import { bigint, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Migration 0025: the welcome a first join earned, layered operations and the event cursor.

const time = (name: string) => timestamp(name, { withTimezone: true });

export const communityWelcomes = pgTable(
  "community_welcomes",
  {
    merchantId: uuid("merchant_id").notNull(),
    communityId: uuid("community_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    points: integer("points"),
    ledgerEntryId: uuid("ledger_entry_id"),
    couponIds: uuid("coupon_ids").array().notNull().default([]),
    couponRefusal: text("coupon_refusal"),
    grantedAt: time("granted_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.communityId, t.customerId] })],
);

export const communityLayerMappings = pgTable(
  "community_layer_mappings",
  {
    merchantId: uuid("merchant_id").notNull(),
    layerId: uuid("layer_id").notNull(),
    communityId: uuid("community_id").notNull(),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.layerId] })],
);

export const invitationStatuses = ["pending", "accepted", "dismissed"] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export const communityInvitations = pgTable(
  "community_invitations",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    communityId: uuid("community_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    status: text("status").$type<InvitationStatus>().notNull(),
    reason: text("reason").notNull(),
    eventId: bigint("event_id", { mode: "number" }),
    createdAt: time("created_at").notNull().defaultNow(),
    respondedAt: time("responded_at"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const communityEventCursors = pgTable(
  "community_event_cursors",
  {
    merchantId: uuid("merchant_id").notNull(),
    name: text("name").notNull(),
    lastEventId: bigint("last_event_id", { mode: "number" }).notNull().default(0),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.name] })],
);
