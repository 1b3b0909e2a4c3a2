import { z } from "zod";
import { PhoneSchema } from "../../lib/phone.js";
import { invitationStatuses } from "./operations-tables.js";
import { communityPlatforms, communityPurposes, membershipStatuses } from "./tables.js";

const CommunityAudienceSchema = z.strictObject({ kind: z.enum(["segment", "layer"]), id: z.string().uuid() });

const communityFields = {
  name: z.string().trim().min(1).max(100),
  purpose: z.enum(communityPurposes),
  platform: z.enum(communityPlatforms),
  /** null = anyone; a segment or a layer otherwise. */
  audience: CommunityAudienceSchema.nullable().optional(),
  /** null = no cap (external groups cap at 200/500). */
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  ownerStaffId: z.string().uuid().nullable().optional(),
  /** External platforms: where members join (an https link or a platform scheme). */
  joinUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^(https?:\/\/|weixin:\/\/|mqqapi:\/\/)/, "an http(s), weixin:// or mqqapi:// link")
    .nullable()
    .optional(),
  rules: z.string().max(5000).optional(),
  welcomeMessage: z.string().max(2000).optional(),
  welcomePoints: z.number().int().min(1).max(1_000_000).nullable().optional(),
  welcomeCouponTemplateId: z.string().uuid().nullable().optional(),
  /** 分 per calendar month in the shop's time zone. */
  monthlyGmvTarget: z.number().int().min(1).max(1_000_000_000_000).nullable().optional(),
};

export const CommunityInputSchema = z.strictObject(communityFields);
export type CommunityInput = z.infer<typeof CommunityInputSchema>;

export const CommunityChangeSchema = z
  .strictObject({ ...communityFields, status: z.enum(["active", "archived"]) })
  .partial();
export type CommunityChange = z.infer<typeof CommunityChangeSchema>;

export const CommunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.enum(communityPurposes),
  platform: z.enum(communityPlatforms),
  audience: CommunityAudienceSchema.nullable(),
  capacity: z.number().int().nullable(),
  memberCount: z.number().int(),
  ownerStaffId: z.string().nullable(),
  joinUrl: z.string().nullable(),
  hasJoinQr: z.boolean(),
  joinQrExpiresAt: z.date().nullable(),
  /** ok | expiring (within 24 h) | expired | none */
  joinQrState: z.enum(["none", "ok", "expiring", "expired"]),
  rules: z.string(),
  welcomeMessage: z.string(),
  welcomePoints: z.number().int().nullable(),
  welcomeCouponTemplateId: z.string().nullable(),
  monthlyGmvTarget: z.number().int().nullable(),
  status: z.enum(["active", "archived"]),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Community = z.infer<typeof CommunitySchema>;

export const CommunityListQuerySchema = z.object({
  status: z.enum(["active", "archived", "all"]).default("active"),
});

export const MemberListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** A name or phone fragment. */
  q: z.string().trim().max(50).optional(),
});

export const CommunityMemberSchema = z.object({
  customerId: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(membershipStatuses),
  source: z.string(),
  rulesAcceptedAt: z.date().nullable(),
  joinedAt: z.date(),
});

export const AddMemberSchema = z
  .strictObject({
    customerId: z.string().uuid().optional(),
    phone: PhoneSchema.optional(),
    source: z.string().trim().min(1).max(100).optional(),
  })
  .refine((v) => (v.customerId ? 1 : 0) + (v.phone ? 1 : 0) === 1, "give customerId or phone, not both");

export const JoinOutcomeSchema = z.object({
  communityId: z.string(),
  customerId: z.string(),
  /** false: the customer was already in (nothing changed). */
  joined: z.boolean(),
  memberCount: z.number().int(),
  welcome: z
    .object({
      message: z.string(),
      points: z.number().int().nullable(),
      couponIds: z.array(z.string()),
      couponRefusal: z.string().nullable(),
    })
    .nullable(),
});
export type JoinOutcome = z.infer<typeof JoinOutcomeSchema>;

export const ImportRowSchema = z.object({
  line: z.number().int(),
  phone: z.string(),
  outcome: z.enum(["joined", "already_member", "unknown_phone", "invalid_phone", "community_full"]),
  customerId: z.string().nullable(),
});
export const ImportReportSchema = z.object({
  joined: z.number().int(),
  alreadyMembers: z.number().int(),
  unknownPhones: z.number().int(),
  invalidPhones: z.number().int(),
  full: z.number().int(),
  rows: z.array(ImportRowSchema),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const LayerMappingSchema = z.object({ layerId: z.string(), communityId: z.string() });
export const LayerMappingsSchema = z.object({ data: z.array(LayerMappingSchema) });
export const LayerMappingsInputSchema = z.strictObject({
  data: z.array(z.strictObject({ layerId: z.string().uuid(), communityId: z.string().uuid() })).max(50),
});

export const InvitationSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  customerId: z.string(),
  status: z.enum(invitationStatuses),
  reason: z.string(),
  createdAt: z.date(),
  respondedAt: z.date().nullable(),
});
export const InvitationListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  status: z.enum(invitationStatuses).optional(),
  communityId: z.string().uuid().optional(),
});

const DayCountSchema = z.object({ date: z.string(), joins: z.number().int(), leaves: z.number().int() });
const DayMoneySchema = z.object({ date: z.string(), orders: z.number().int(), gmv: z.number().int() });

export const CommunityHealthSchema = z.object({
  communityId: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  members: z.number().int(),
  capacity: z.number().int().nullable(),
  joinsAndLeaves: z.array(DayCountSchema),
  activeMembers7d: z.number().int(),
  /** What "active" is computed from: orders, chat messages, short-link clicks by known customers. */
  activeFrom: z.array(z.string()),
  /** Chat messages plus calendar runs handed to staff for external groups, by local day. */
  messagesPerDay: z.array(z.object({ date: z.string(), messages: z.number().int() })),
  /** Posts over the 30 days: calendar runs and staff-written chat messages; promotional ones among them. */
  posts: z.object({ total: z.number().int(), promotional: z.number().int() }),
  /** posts.promotional / posts.total, 0 without posts. */
  promotionalShare: z.number(),
  month: z.object({
    month: z.string(),
    orders: z.number().int(),
    gmv: z.number().int(),
    target: z.number().int().nullable(),
    /** gmv / target, null without a target. */
    progress: z.number().nullable(),
  }),
  ordersByDay: z.array(DayMoneySchema),
});
export type CommunityHealth = z.infer<typeof CommunityHealthSchema>;

export const QrReminderSchema = z.object({
  communityId: z.string(),
  name: z.string(),
  platform: z.enum(communityPlatforms),
  ownerStaffId: z.string().nullable(),
  joinQrExpiresAt: z.date(),
  expired: z.boolean(),
});

// Member page

export const MemberCommunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.enum(communityPurposes),
  platform: z.enum(communityPlatforms),
  memberCount: z.number().int(),
  capacity: z.number().int().nullable(),
  full: z.boolean(),
  rules: z.string(),
  welcomeMessage: z.string(),
  welcomePoints: z.number().int().nullable(),
  hasWelcomeCoupon: z.boolean(),
  joinUrl: z.string().nullable(),
  hasJoinQr: z.boolean(),
  joinQrExpired: z.boolean(),
  /** The built-in chat's member-page route (built-in communities only). */
  chatPath: z.string().nullable(),
  /** joined | left | removed | null (never joined) */
  membership: z.enum(membershipStatuses).nullable(),
  rulesAcceptedAt: z.date().nullable(),
  /** Whether this member may join from the member page (audience, invitation). */
  canJoin: z.boolean(),
  welcome: JoinOutcomeSchema.shape.welcome,
});
export type MemberCommunity = z.infer<typeof MemberCommunitySchema>;

export const MemberCommunityHomeSchema = z.object({
  mine: z.array(MemberCommunitySchema),
  open: z.array(MemberCommunitySchema),
  invitations: z.array(InvitationSchema),
  /** Communities of higher layers, shown to lower layers for what they offer (no join). */
  teasers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      layerName: z.string(),
      welcomeMessage: z.string(),
      welcomePoints: z.number().int().nullable(),
      hasWelcomeCoupon: z.boolean(),
    }),
  ),
});

export const MemberJoinSchema = z.strictObject({ acceptRules: z.boolean().optional() });
export const SourceQuerySchema = z.object({
  source: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w:.-]+$/, "letters, digits and : . - _")
    .optional(),
});
