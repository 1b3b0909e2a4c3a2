import { bigint, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

export const taskKinds = ["calendar_post", "qr_expiring", "group_nearly_full"] as const;
export type TaskKind = (typeof taskKinds)[number];

const time = (name: string) => timestamp(name, { withTimezone: true });

export const staffTasks = pgTable(
  "staff_tasks",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind").$type<TaskKind>().notNull(),
    source: text("source").notNull(),
    assigneeStaffId: uuid("assignee_staff_id"),
    communityId: uuid("community_id"),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    imageUrl: text("image_url"),
    linkUrl: text("link_url"),
    status: text("status").$type<"open" | "done">().notNull().default("open"),
    doneAt: time("done_at"),
    doneByStaffId: uuid("done_by_staff_id"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    unique("staff_tasks_merchant_id_source_key").on(t.merchantId, t.source),
  ],
);
export type StaffTaskRow = typeof staffTasks.$inferSelect;

export const staffTaskCursors = pgTable(
  "staff_task_cursors",
  {
    merchantId: uuid("merchant_id").notNull(),
    lastEventId: bigint("last_event_id", { mode: "number" }).notNull().default(0),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId] })],
);
