import {
  boolean,
  customType,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import type { ChatCardRef, ChatImageType } from "../community/chat/tables.js";

const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });

export const templateKinds = ["topic", "tip", "course", "promotion"] as const;
export type TemplateKind = (typeof templateKinds)[number];

export const repeatKinds = ["once", "daily", "weekly"] as const;
export type RepeatKind = (typeof repeatKinds)[number];

export const occurrenceStatuses = ["scheduled", "held", "posted", "task", "cancelled", "failed"] as const;
export type OccurrenceStatus = (typeof occurrenceStatuses)[number];

export type ContentHoldReason = "quiet_hours" | "community_cap";

const time = (name: string) => timestamp(name, { withTimezone: true });

export const contentTemplates = pgTable(
  "content_templates",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind").$type<TemplateKind>().notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    imageUrl: text("image_url"),
    linkUrl: text("link_url"),
    card: jsonb("card").$type<ChatCardRef>(),
    promotional: boolean("promotional").notNull(),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const contentPosts = pgTable(
  "content_posts",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    communityId: uuid("community_id").notNull(),
    templateId: uuid("template_id"),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    imageUrl: text("image_url"),
    linkUrl: text("link_url"),
    card: jsonb("card").$type<ChatCardRef>(),
    promotional: boolean("promotional").notNull(),
    repeat: text("repeat").$type<RepeatKind>().notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }),
    localTime: text("local_time").notNull(),
    weekdays: smallint("weekdays").array().notNull().default([]),
    status: text("status").$type<"active" | "cancelled" | "finished">().notNull().default("active"),
    nextAt: time("next_at"),
    shortLinkId: uuid("short_link_id"),
    createdByStaffId: uuid("created_by_staff_id"),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
export type ContentPostRow = typeof contentPosts.$inferSelect;

export const contentOccurrences = pgTable(
  "content_occurrences",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    postId: uuid("post_id").notNull(),
    scheduledAt: time("scheduled_at").notNull(),
    dueAt: time("due_at").notNull(),
    status: text("status").$type<OccurrenceStatus>().notNull(),
    holdReason: text("hold_reason").$type<ContentHoldReason>(),
    failure: text("failure"),
    attempts: integer("attempts").notNull().default(0),
    postedAt: time("posted_at"),
    taskId: uuid("task_id"),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    unique("content_occurrences_merchant_id_post_id_scheduled_at_key").on(
      t.merchantId,
      t.postId,
      t.scheduledAt,
    ),
  ],
);
export type ContentOccurrenceRow = typeof contentOccurrences.$inferSelect;

export const contentImages = pgTable(
  "content_images",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    contentType: text("content_type").$type<ChatImageType>().notNull(),
    bytes: bytea("bytes").notNull(),
    staffId: uuid("staff_id"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
