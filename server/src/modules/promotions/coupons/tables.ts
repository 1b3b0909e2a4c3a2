import {
  bigint,
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

export const templateStatuses = ["active", "paused", "ended"] as const;
export type TemplateStatus = (typeof templateStatuses)[number];

export const couponStatuses = ["available", "reserved", "redeemed", "expired", "void"] as const;
export type CouponStatus = (typeof couponStatuses)[number];

export const batchStatuses = ["queued", "running", "ready", "failed"] as const;
export type BatchStatus = (typeof batchStatuses)[number];

export const bulkIssueStatuses = ["queued", "running", "succeeded", "failed", "stopped"] as const;
export type BulkIssueStatus = (typeof bulkIssueStatuses)[number];

export const triggerEvents = ["welcome_gift", "level_up", "birthday", "checkin"] as const;
export type TriggerEvent = (typeof triggerEvents)[number];

/** Who may get a template's coupons: a segment's members, a layer's customers, or customers at given levels. */
export type Audience =
  | { kind: "segment"; id: string }
  | { kind: "layer"; id: string }
  | { kind: "levels"; ids: string[] };

const time = (name: string) => timestamp(name, { withTimezone: true });

export const couponTemplates = pgTable(
  "coupon_templates",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    rule: jsonb("rule").$type<Record<string, unknown>>().notNull(),
    validFrom: time("valid_from"),
    validUntil: time("valid_until"),
    validDays: integer("valid_days"),
    stock: integer("stock"),
    issuedCount: integer("issued_count").notNull().default(0),
    perCustomerLimit: integer("per_customer_limit"),
    budget: bigint("budget", { mode: "number" }),
    spent: bigint("spent", { mode: "number" }).notNull().default(0),
    audience: jsonb("audience").$type<Audience>(),
    claimable: boolean("claimable").notNull().default(false),
    status: text("status").$type<TemplateStatus>().notNull().default("active"),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const coupons = pgTable(
  "coupons",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    templateId: uuid("template_id").notNull(),
    customerId: uuid("customer_id"),
    code: text("code").notNull(),
    status: text("status").$type<CouponStatus>().notNull().default("available"),
    validFrom: time("valid_from").notNull(),
    validUntil: time("valid_until").notNull(),
    issuedAt: time("issued_at").notNull().defaultNow(),
    source: text("source").notNull(),
    issueKey: text("issue_key").notNull(),
    issueSeq: integer("issue_seq").notNull().default(1),
    batchId: uuid("batch_id"),
    boundAt: time("bound_at"),
    reservedUntil: time("reserved_until"),
    redemptionId: uuid("redemption_id"),
    redeemedAt: time("redeemed_at"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const couponBatches = pgTable(
  "coupon_batches",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull(),
    templateId: uuid("template_id").notNull(),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    generated: integer("generated").notNull().default(0),
    status: text("status").$type<BatchStatus>().notNull().default("queued"),
    jobId: bigint("job_id", { mode: "number" }),
    lastError: text("last_error"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    createdAt: time("created_at").notNull().defaultNow(),
    finishedAt: time("finished_at"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const couponBulkIssues = pgTable(
  "coupon_bulk_issues",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull(),
    templateId: uuid("template_id").notNull(),
    segmentId: uuid("segment_id").notNull(),
    quantity: integer("quantity").notNull(),
    status: text("status").$type<BulkIssueStatus>().notNull().default("queued"),
    total: integer("total"),
    processed: integer("processed").notNull().default(0),
    issued: integer("issued").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    cursor: uuid("cursor"),
    stopReason: text("stop_reason"),
    jobId: bigint("job_id", { mode: "number" }),
    lastError: text("last_error"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    createdAt: time("created_at").notNull().defaultNow(),
    startedAt: time("started_at"),
    finishedAt: time("finished_at"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const couponTriggers = pgTable(
  "coupon_triggers",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    eventType: text("event_type").$type<TriggerEvent>().notNull(),
    templateId: uuid("template_id").notNull(),
    quantity: integer("quantity").notNull().default(1),
    enabled: boolean("enabled").notNull().default(true),
    scannedUntil: time("scanned_until").notNull().defaultNow(),
    birthdayDoneOn: date("birthday_done_on"),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
