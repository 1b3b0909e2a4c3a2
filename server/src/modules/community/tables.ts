import {
  bigint,
  customType,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const communityPurposes = ["marketing", "content", "service"] as const;
export type CommunityPurpose = (typeof communityPurposes)[number];

export const communityPlatforms = ["builtin", "wechat", "wecom", "qq", "other"] as const;
export type CommunityPlatform = (typeof communityPlatforms)[number];

export const membershipStatuses = ["joined", "left", "removed"] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];

/** Who a community is for: a segment or a layer; null on the row = anyone. */
export type CommunityAudience = { kind: "segment" | "layer"; id: string };

const time = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });

export const communities = pgTable(
  "communities",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    purpose: text("purpose").$type<CommunityPurpose>().notNull(),
    platform: text("platform").$type<CommunityPlatform>().notNull(),
    audience: jsonb("audience").$type<CommunityAudience>(),
    capacity: integer("capacity"),
    memberCount: integer("member_count").notNull().default(0),
    ownerStaffId: uuid("owner_staff_id"),
    joinUrl: text("join_url"),
    joinQrImage: bytea("join_qr_image"),
    joinQrContentType: text("join_qr_content_type").$type<"image/png" | "image/jpeg" | "image/webp">(),
    joinQrExpiresAt: time("join_qr_expires_at"),
    joinQrRemindedFor: time("join_qr_reminded_for"),
    rules: text("rules").notNull().default(""),
    welcomeMessage: text("welcome_message").notNull().default(""),
    welcomePoints: integer("welcome_points"),
    welcomeCouponTemplateId: uuid("welcome_coupon_template_id"),
    monthlyGmvTarget: bigint("monthly_gmv_target", { mode: "number" }),
    status: text("status").$type<"active" | "archived">().notNull().default("active"),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const communityMembers = pgTable(
  "community_members",
  {
    merchantId: uuid("merchant_id").notNull(),
    communityId: uuid("community_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    status: text("status").$type<MembershipStatus>().notNull(),
    source: text("source").notNull(),
    rulesAcceptedAt: time("rules_accepted_at"),
    mutedUntil: time("muted_until"),
    joinedAt: time("joined_at").notNull().defaultNow(),
    leftAt: time("left_at"),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.communityId, t.customerId] })],
);

export const communityMembershipLog = pgTable(
  "community_membership_log",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    communityId: uuid("community_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    action: text("action").$type<"join" | "leave" | "remove">().notNull(),
    source: text("source").notNull(),
    staffId: uuid("staff_id"),
    at: time("at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
