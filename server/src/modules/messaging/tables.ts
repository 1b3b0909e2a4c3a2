import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const messageCategories = ["promotional", "service"] as const;
export type MessageCategory = (typeof messageCategories)[number];

export const messageStatuses = ["delivered", "scheduled"] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const sendStatuses = ["queued", "running", "done", "failed"] as const;
export type SendStatus = (typeof sendStatuses)[number];

/** A card shown with a message: what it opens on the member page. */
export type MessageCard = { kind: string; id: string };

const time = (name: string) => timestamp(name, { withTimezone: true });

export const messageSettings = pgTable(
  "message_settings",
  {
    merchantId: uuid("merchant_id").notNull(),
    guardEnabled: boolean("guard_enabled").notNull().default(true),
    dailyCap: integer("daily_cap"),
    weeklyCap: integer("weekly_cap"),
    quietStart: integer("quiet_start"),
    quietEnd: integer("quiet_end"),
    communityDailyCap: integer("community_daily_cap"),
    webhookUrl: text("webhook_url"),
    webhookSecret: text("webhook_secret"),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId] })],
);

export const messageSends = pgTable(
  "message_sends",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    category: text("category").$type<MessageCategory>().notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: text("link"),
    card: jsonb("card").$type<MessageCard>(),
    sourceKind: text("source_kind").notNull(),
    sourceId: text("source_id"),
    /** Set by a caller that sends once per key (migration 0029). */
    dedupeKey: text("dedupe_key"),
    audience: jsonb("audience").$type<{ kind: "segment"; id: string }>(),
    status: text("status").$type<SendStatus>().notNull().default("done"),
    recipients: integer("recipients").notNull().default(0),
    delivered: integer("delivered").notNull().default(0),
    scheduled: integer("scheduled").notNull().default(0),
    createdByType: text("created_by_type"),
    createdById: text("created_by_id"),
    createdByName: text("created_by_name"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const messages = pgTable(
  "messages",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    sendId: uuid("send_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    category: text("category").$type<MessageCategory>().notNull(),
    status: text("status").$type<MessageStatus>().notNull(),
    /** When the message counts against the caps: its delivery, or the time a held one is due. */
    slotAt: time("slot_at").notNull(),
    holdReason: text("hold_reason"),
    deliveredAt: time("delivered_at"),
    readAt: time("read_at"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const messageRecipients = pgTable(
  "message_recipients",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId] })],
);

export const messageCommunityPosts = pgTable(
  "message_community_posts",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    communityId: uuid("community_id").notNull(),
    promotional: boolean("promotional").notNull(),
    at: time("at").notNull(),
    source: text("source").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const messageWebhookDeliveries = pgTable(
  "message_webhook_deliveries",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    messageId: uuid("message_id"),
    attempt: integer("attempt").notNull(),
    url: text("url").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    at: time("at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
