import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const time = (name: string) => timestamp(name, { withTimezone: true });

export type Utm = Partial<Record<"source" | "medium" | "campaign" | "term" | "content", string>>;

/** Global: which shop and link a slug belongs to (see the migration for why it is its own table). */
export const shortLinkSlugs = pgTable("short_link_slugs", {
  slug: text("slug").primaryKey(),
  merchantId: uuid("merchant_id").notNull(),
  linkId: uuid("link_id").notNull(),
  createdAt: time("created_at").notNull().defaultNow(),
});

export const shortLinks = pgTable(
  "short_links",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    slug: text("slug").notNull(),
    title: text("title").notNull().default(""),
    target: text("target").notNull(),
    utm: jsonb("utm").$type<Utm>().notNull().default({}),
    expiresAt: time("expires_at"),
    passwordHash: text("password_hash"),
    origin: text("origin").notNull().default("staff"),
    createdByStaffId: uuid("created_by_staff_id"),
    status: text("status").$type<"active" | "archived">().notNull().default("active"),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
export type ShortLinkRow = typeof shortLinks.$inferSelect;

export const shortLinkRecipients = pgTable(
  "short_link_recipients",
  {
    merchantId: uuid("merchant_id").notNull(),
    linkId: uuid("link_id").notNull(),
    token: text("token").notNull(),
    customerId: uuid("customer_id").notNull(),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.linkId, t.token] })],
);

export const shortLinkClicks = pgTable(
  "short_link_clicks",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: text("id").notNull(),
    linkId: uuid("link_id").notNull(),
    at: time("at").notNull(),
    kind: text("kind").$type<"click" | "scan">().notNull(),
    method: text("method").notNull(),
    referrer: text("referrer"),
    referrerHost: text("referrer_host"),
    userAgent: text("user_agent"),
    device: text("device").notNull(),
    os: text("os").notNull(),
    browser: text("browser").notNull(),
    isBot: boolean("is_bot").notNull(),
    visitor: text("visitor").notNull(),
    customerId: uuid("customer_id"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const shortLinkVisitorHours = pgTable(
  "short_link_visitor_hours",
  {
    merchantId: uuid("merchant_id").notNull(),
    linkId: uuid("link_id").notNull(),
    hour: time("hour").notNull(),
    visitor: text("visitor").notNull(),
    day: date("day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.linkId, t.hour, t.visitor] })],
);

export const shortLinkDaily = pgTable(
  "short_link_daily",
  {
    merchantId: uuid("merchant_id").notNull(),
    linkId: uuid("link_id").notNull(),
    day: date("day").notNull(),
    hits: integer("hits").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    scans: integer("scans").notNull().default(0),
    human: integer("human").notNull().default(0),
    bots: integer("bots").notNull().default(0),
    uniqueVisitors: integer("unique_visitors").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.linkId, t.day] })],
);

export const shortLinkDailyDimensions = pgTable(
  "short_link_daily_dimensions",
  {
    merchantId: uuid("merchant_id").notNull(),
    linkId: uuid("link_id").notNull(),
    day: date("day").notNull(),
    dimension: text("dimension").$type<"device" | "os" | "browser" | "referrer">().notNull(),
    value: text("value").notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.linkId, t.day, t.dimension, t.value] })],
);

export const shortLinkCustomers = pgTable(
  "short_link_customers",
  {
    merchantId: uuid("merchant_id").notNull(),
    linkId: uuid("link_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    firstClickId: text("first_click_id").notNull(),
    firstClickedAt: time("first_clicked_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.linkId, t.customerId] })],
);
