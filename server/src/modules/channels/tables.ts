import {
  bigint,
  boolean,
  customType,
  date,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const liveCodeKinds = ["store", "flyer", "partner", "online", "holiday", "other"] as const;
export type LiveCodeKind = (typeof liveCodeKinds)[number];

export const routingStrategies = [
  "round_robin",
  "least_loaded",
  "random",
  "fill",
  "schedule",
  "store",
] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];

/** How a time window picks among its own targets. */
export const windowPicks = ["round_robin", "least_loaded", "random", "fill"] as const;
export type WindowPick = (typeof windowPicks)[number];

export const targetKinds = ["community", "staff"] as const;
export type TargetKind = (typeof targetKinds)[number];

const time = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });
type ImageType = "image/png" | "image/jpeg" | "image/webp";

export const liveCodes = pgTable(
  "live_codes",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<LiveCodeKind>().notNull(),
    storeId: uuid("store_id"),
    strategy: text("strategy").$type<RoutingStrategy>().notNull(),
    cost: bigint("cost", { mode: "number" }).notNull().default(0),
    tagIds: uuid("tag_ids").array().notNull().default([]),
    welcomeMessage: text("welcome_message").notNull().default(""),
    welcomePoints: integer("welcome_points"),
    welcomeCouponTemplateId: uuid("welcome_coupon_template_id"),
    warnPercent: integer("warn_percent").notNull().default(90),
    rrCursor: bigint("rr_cursor", { mode: "number" }).notNull().default(0),
    status: text("status").$type<"active" | "archived">().notNull().default("active"),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const liveCodeLookup = pgTable("live_code_lookup", {
  code: text("code").primaryKey(),
  merchantId: uuid("merchant_id").notNull(),
  liveCodeId: uuid("live_code_id").notNull(),
});

export const liveCodeWindows = pgTable(
  "live_code_windows",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    liveCodeId: uuid("live_code_id").notNull(),
    weekdays: integer("weekdays").array().notNull(),
    startMinute: integer("start_minute").notNull(),
    endMinute: integer("end_minute").notNull(),
    pick: text("pick").$type<WindowPick>().notNull().default("fill"),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const liveCodeTargets = pgTable(
  "live_code_targets",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    liveCodeId: uuid("live_code_id").notNull(),
    kind: text("kind").$type<TargetKind>().notNull(),
    communityId: uuid("community_id"),
    staffId: uuid("staff_id"),
    role: text("role").$type<"primary" | "backup">().notNull().default("primary"),
    windowId: uuid("window_id"),
    storeId: uuid("store_id"),
    position: integer("position").notNull().default(0),
    capacity: integer("capacity"),
    assigned: integer("assigned").notNull().default(0),
    dailyLimit: integer("daily_limit"),
    enabled: boolean("enabled").notNull().default(true),
    warnedAt: time("warned_at"),
    removedAt: time("removed_at"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const liveCodeTargetDays = pgTable(
  "live_code_target_days",
  {
    merchantId: uuid("merchant_id").notNull(),
    targetId: uuid("target_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    assigned: integer("assigned").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.targetId, t.day] })],
);

export const channelStaffCards = pgTable(
  "channel_staff_cards",
  {
    merchantId: uuid("merchant_id").notNull(),
    staffId: uuid("staff_id").notNull(),
    onDuty: boolean("on_duty").notNull().default(true),
    qrImage: bytea("qr_image"),
    qrContentType: text("qr_content_type").$type<ImageType>(),
    qrExpiresAt: time("qr_expires_at"),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.staffId] })],
);

export const liveCodeScans = pgTable(
  "live_code_scans",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    liveCodeId: uuid("live_code_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    userAgent: text("user_agent"),
    isBot: boolean("is_bot").notNull().default(false),
    at: time("at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const liveCodeAssignments = pgTable(
  "live_code_assignments",
  {
    merchantId: uuid("merchant_id").notNull(),
    liveCodeId: uuid("live_code_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    targetId: uuid("target_id"),
    newMember: boolean("new_member").notNull().default(false),
    assignedAt: time("assigned_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.liveCodeId, t.customerId] })],
);
