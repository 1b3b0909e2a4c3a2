import { z } from "zod";
import { liveCodeKinds, routingStrategies, targetKinds, windowPicks } from "./tables.js";

const WindowInputSchema = z.strictObject({
  /** The editor's own name for a window, so targets can point at windows that have no id yet. */
  key: z.string().trim().min(1).max(40),
  id: z.uuid().optional(),
  weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  startMinute: z.number().int().min(0).max(1439),
  /** Up to 1440 (midnight); before startMinute = runs past midnight. */
  endMinute: z.number().int().min(1).max(1440),
  pick: z.enum(windowPicks).default("fill"),
});

const TargetInputSchema = z.strictObject({
  id: z.uuid().optional(),
  kind: z.enum(targetKinds),
  communityId: z.uuid().nullable().optional(),
  staffId: z.uuid().nullable().optional(),
  role: z.enum(["primary", "backup"]).default("primary"),
  /** A window's key (strategy schedule); absent = the default list. */
  windowKey: z.string().trim().min(1).max(40).nullable().optional(),
  storeId: z.uuid().nullable().optional(),
  /** Newcomers this code may send here; a group defaults to its capacity. */
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  dailyLimit: z.number().int().min(1).max(100_000).nullable().optional(),
  enabled: z.boolean().default(true),
});

export const LiveCodeInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(liveCodeKinds),
  storeId: z.uuid().nullable().optional(),
  strategy: z.enum(routingStrategies),
  /** 分 */
  cost: z.number().int().min(0).max(10_000_000_000).default(0),
  tagIds: z.array(z.uuid()).max(20).default([]),
  welcomeMessage: z.string().trim().max(2000).default(""),
  welcomePoints: z.number().int().min(1).max(1_000_000).nullable().optional(),
  welcomeCouponTemplateId: z.uuid().nullable().optional(),
  warnPercent: z.number().int().min(1).max(100).default(90),
  windows: z.array(WindowInputSchema).max(28).default([]),
  targets: z.array(TargetInputSchema).min(1).max(100),
});
export type LiveCodeInput = z.infer<typeof LiveCodeInputSchema>;
export type LiveCodeInputRaw = z.input<typeof LiveCodeInputSchema>;

export const WindowSchema = z.object({
  id: z.string(),
  weekdays: z.array(z.number()),
  startMinute: z.number(),
  endMinute: z.number(),
  pick: z.enum(windowPicks),
});

export const TargetSchema = z.object({
  id: z.string(),
  kind: z.enum(targetKinds),
  communityId: z.string().nullable(),
  staffId: z.string().nullable(),
  /** The community's or staff member's name. */
  name: z.string(),
  role: z.enum(["primary", "backup"]),
  windowId: z.string().nullable(),
  storeId: z.string().nullable(),
  position: z.number(),
  capacity: z.number().nullable(),
  assigned: z.number(),
  dailyLimit: z.number().nullable(),
  assignedToday: z.number(),
  enabled: z.boolean(),
  /** Staff: on duty now; communities: active and not full. */
  available: z.boolean(),
});

export const LiveCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  /** Path of the stable URL (/c/<code>) that the QR holds, under the server's address. */
  path: z.string(),
  name: z.string(),
  kind: z.enum(liveCodeKinds),
  storeId: z.string().nullable(),
  strategy: z.enum(routingStrategies),
  cost: z.number(),
  tagIds: z.array(z.string()),
  welcomeMessage: z.string(),
  welcomePoints: z.number().nullable(),
  welcomeCouponTemplateId: z.string().nullable(),
  warnPercent: z.number(),
  status: z.enum(["active", "archived"]),
  windows: z.array(WindowSchema),
  targets: z.array(TargetSchema),
  createdAt: z.date(),
});
export type LiveCodeView = z.infer<typeof LiveCodeSchema>;

export const LiveCodeStatsSchema = z.object({
  scans: z.number(),
  uniqueScanners: z.number(),
  joins: z.number(),
  newMembers: z.number(),
  firstOrders: z.number(),
  revenue: z.number(),
  /** 分 per join; null before the first join. */
  costPerJoin: z.number().nullable(),
});
export type LiveCodeStats = z.infer<typeof LiveCodeStatsSchema>;

export const LiveCodeListItemSchema = z.object({
  id: z.string(),
  code: z.string(),
  path: z.string(),
  name: z.string(),
  kind: z.enum(liveCodeKinds),
  strategy: z.enum(routingStrategies),
  cost: z.number(),
  status: z.enum(["active", "archived"]),
  targetCount: z.number(),
  createdAt: z.date(),
  stats: LiveCodeStatsSchema,
});
export type LiveCodeListItem = z.infer<typeof LiveCodeListItemSchema>;

/** What the member landing page shows before the customer signs in (GET /api/m/{slug}/join/{code}). */
export const MemberLandingSchema = z.object({
  shopName: z.string(),
  name: z.string(),
  welcomeMessage: z.string(),
  active: z.boolean(),
  /** Store codes ask for the customer's location (with consent) or a city. */
  asksWhereabouts: z.boolean(),
  cities: z.array(z.string()),
});

/** The routed target as the member sees it: where to join, and whether there is a QR image to show. */
export const MemberTargetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("community"),
    communityId: z.string(),
    name: z.string(),
    platform: z.string(),
    /** Built-in: the member page's community page; external: the platform's join link. */
    joinUrl: z.string().nullable(),
    hasQrImage: z.boolean(),
    qrExpiresAt: z.date().nullable(),
  }),
  z.object({
    kind: z.literal("staff"),
    staffId: z.string(),
    name: z.string(),
    hasQrImage: z.boolean(),
    qrExpiresAt: z.date().nullable(),
  }),
]);
export type MemberTarget = z.infer<typeof MemberTargetSchema>;

/** POST /api/m/{slug}/join/{code}: the join's outcome. */
export const MemberJoinSchema = z.object({
  customerId: z.string(),
  newMember: z.boolean(),
  sticky: z.boolean(),
  allFull: z.boolean(),
  welcomeMessage: z.string(),
  gift: z.object({ points: z.number(), couponIssued: z.boolean() }),
  target: MemberTargetSchema.nullable(),
});
