import { bigint, customType, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const time = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });

export const chatMessageKinds = ["text", "image", "link", "card"] as const;
export type ChatMessageKind = (typeof chatMessageKinds)[number];

export const chatCardKinds = ["coupon_template", "flash_sale", "checkin"] as const;
export type ChatCardRef = { kind: (typeof chatCardKinds)[number]; id: string | null };

/** A message the content calendar posted (health counts the calendar run, not its messages). */
export type ChatMessageOrigin = "calendar";

export const chatImageTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type ChatImageType = (typeof chatImageTypes)[number];

export const communityChats = pgTable(
  "community_chats",
  {
    merchantId: uuid("merchant_id").notNull(),
    communityId: uuid("community_id").notNull(),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.communityId] })],
);

export const communityChatImages = pgTable(
  "community_chat_images",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    communityId: uuid("community_id").notNull(),
    contentType: text("content_type").$type<ChatImageType>().notNull(),
    bytes: bytea("bytes").notNull(),
    customerId: uuid("customer_id"),
    staffId: uuid("staff_id"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const communityChatMessages = pgTable(
  "community_chat_messages",
  {
    merchantId: uuid("merchant_id").notNull(),
    communityId: uuid("community_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    id: uuid("id").notNull().defaultRandom(),
    authorKind: text("author_kind").$type<"member" | "staff">().notNull(),
    customerId: uuid("customer_id"),
    staffId: uuid("staff_id"),
    kind: text("kind").$type<ChatMessageKind>().notNull(),
    body: text("body").notNull().default(""),
    linkUrl: text("link_url"),
    linkTitle: text("link_title"),
    imageId: uuid("image_id"),
    card: jsonb("card").$type<ChatCardRef>(),
    origin: text("origin").$type<ChatMessageOrigin>(),
    pinnedAt: time("pinned_at"),
    pinnedBy: uuid("pinned_by"),
    deletedAt: time("deleted_at"),
    deletedBy: uuid("deleted_by"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.communityId, t.seq] })],
);

export const communityChatReads = pgTable(
  "community_chat_reads",
  {
    merchantId: uuid("merchant_id").notNull(),
    communityId: uuid("community_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    lastReadSeq: bigint("last_read_seq", { mode: "number" }).notNull().default(0),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.communityId, t.customerId] })],
);

export const communityChatSettings = pgTable("community_chat_settings", {
  merchantId: uuid("merchant_id").primaryKey(),
  blockedWords: text("blocked_words").array().notNull().default([]),
  updatedAt: time("updated_at").notNull().defaultNow(),
});
