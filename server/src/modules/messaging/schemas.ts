import { z } from "zod";
import { holdReasons } from "./guard-rules.js";
import { messageCategories, messageStatuses, sendStatuses } from "./tables.js";

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:mm (24-hour, shop time)");

export const MessageSettingsSchema = z.object({
  guardEnabled: z.boolean(),
  /** Promotional messages per customer per local day; null = no cap. */
  dailyCap: z.number().int().min(1).max(100).nullable(),
  /** Per local week, Monday to Sunday; null = no cap. */
  weeklyCap: z.number().int().min(1).max(500).nullable(),
  /** Shop-time "HH:mm"; start after end spans midnight; null = none. */
  quietHours: z.object({ start: clock, end: clock }).nullable(),
  /** Promotional posts per community per local day; null = no cap. */
  communityDailyCap: z.number().int().min(1).max(100).nullable(),
  webhookUrl: z.string().nullable(),
  /** Whether a secret is set; the secret itself is shown only when it is made. */
  webhookSecretSet: z.boolean(),
  timeZone: z.string(),
});
export type MessageSettingsView = z.infer<typeof MessageSettingsSchema>;

export const MessageSettingsChangeSchema = z.strictObject({
  guardEnabled: z.boolean().optional(),
  dailyCap: z.number().int().min(1).max(100).nullable().optional(),
  weeklyCap: z.number().int().min(1).max(500).nullable().optional(),
  quietHours: z.strictObject({ start: clock, end: clock }).nullable().optional(),
  communityDailyCap: z.number().int().min(1).max(100).nullable().optional(),
  webhookUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^https?:\/\/\S+$/, "an http(s) URL")
    .nullable()
    .optional(),
  /** true = make a new signing secret (answered once in webhookSecret). */
  rotateWebhookSecret: z.boolean().optional(),
});
export type MessageSettingsChange = z.infer<typeof MessageSettingsChangeSchema>;

export const CardSchema = z.strictObject({
  kind: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,40}$/, "lower-case kind, e.g. coupon, flash_sale"),
  id: z.string().trim().min(1).max(100),
});

const contentFields = {
  category: z.enum(messageCategories),
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(2000),
  link: z
    .string()
    .trim()
    .max(500)
    .regex(/^(https?:\/\/|\/)\S*$/, "an http(s) URL or a path on this site")
    .nullable()
    .optional(),
  card: CardSchema.nullable().optional(),
};

export const SourceSchema = z.strictObject({
  kind: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,40}$/, "lower-case kind, e.g. staff, calendar, livecode"),
  id: z.string().trim().min(1).max(100).optional(),
});

/** What sendMessages takes from other modules. */
export const SendInputSchema = z.strictObject({
  ...contentFields,
  customerIds: z.array(z.string().uuid()).min(1).max(100_000),
  source: SourceSchema,
});
export type SendInput = z.infer<typeof SendInputSchema>;

export const SendAudienceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("customers"), ids: z.array(z.string().uuid()).min(1).max(1000) }),
  z.strictObject({ kind: z.literal("segment"), id: z.string().uuid() }),
]);

/** A staff compose: the content and who it goes to. */
export const ComposeSchema = z.strictObject({ ...contentFields, audience: SendAudienceSchema });
export type ComposeInput = z.infer<typeof ComposeSchema>;

const HeldCountsSchema = z.object(
  Object.fromEntries(holdReasons.map((r) => [r, z.number().int()])) as Record<
    (typeof holdReasons)[number],
    z.ZodNumber
  >,
);

export const SendPreviewSchema = z.object({
  recipients: z.number().int(),
  sendNow: z.number().int(),
  held: HeldCountsSchema,
  /** The earliest and latest time a held message goes. */
  firstHeldUntil: z.date().nullable(),
  lastHeldUntil: z.date().nullable(),
});
export type SendPreview = z.infer<typeof SendPreviewSchema>;

export const SendSchema = z.object({
  id: z.string(),
  category: z.enum(messageCategories),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  card: CardSchema.nullable(),
  source: z.object({ kind: z.string(), id: z.string().nullable() }),
  audience: z.object({ kind: z.literal("segment"), id: z.string() }).nullable(),
  status: z.enum(sendStatuses),
  recipients: z.number().int(),
  delivered: z.number().int(),
  scheduled: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
});
export type Send = z.infer<typeof SendSchema>;

export const HoldSchema = z.object({
  reason: z.enum(holdReasons),
  until: z.date(),
  text: z.object({ "zh-CN": z.string(), en: z.string() }),
});

export const MessageSchema = z.object({
  id: z.string(),
  sendId: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  category: z.enum(messageCategories),
  status: z.enum(messageStatuses),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  card: CardSchema.nullable(),
  source: z.object({ kind: z.string(), id: z.string().nullable() }),
  /** Set while held: why and when it goes. */
  hold: HoldSchema.nullable(),
  deliveredAt: z.date().nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Message = z.infer<typeof MessageSchema>;

export const MessageListQuerySchema = z.strictObject({
  status: z.enum(messageStatuses).optional(),
  category: z.enum(messageCategories).optional(),
  customerId: z.string().uuid().optional(),
  sendId: z.string().uuid().optional(),
  sourceKind: z.string().max(40).optional(),
});
export type MessageListFilter = z.infer<typeof MessageListQuerySchema>;

export const InboxMessageSchema = z.object({
  id: z.string(),
  category: z.enum(messageCategories),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  card: CardSchema.nullable(),
  deliveredAt: z.date(),
  readAt: z.date().nullable(),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

export const WebhookTestResultSchema = z.object({
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

export const CommunityPostCheckSchema = z.strictObject({
  communityId: z.string().uuid(),
  promotional: z.boolean(),
  at: z.date(),
});

export const ComposeResultSchema = z.object({
  sendId: z.string(),
  /** queued: a big segment, worked through by a job (follow it on GET /sends/:id). */
  status: z.enum(["queued", "done"]),
  recipients: z.number().int(),
  delivered: z.number().int(),
  scheduled: z.number().int(),
  held: HeldCountsSchema,
});

export const PreviewRequestSchema = z.strictObject({
  category: z.enum(messageCategories),
  audience: SendAudienceSchema,
});
