import { z } from "zod";
import { chatCardKinds } from "./tables.js";

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

const CardRefSchema = z.strictObject({
  kind: z.enum(chatCardKinds),
  /** The coupon template or flash sale; none for check-in. */
  id: z.string().uuid().nullable().default(null),
});

const body = z.string().trim().max(2000);

/** What a member or staff member sends; cards and `pin` are for staff. */
export const SendMessageSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("text"), body: body.min(1), pin: z.boolean().default(false) }),
  z.strictObject({
    kind: z.literal("image"),
    imageId: z.string().uuid(),
    body: body.default(""),
    pin: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("link"),
    url: httpUrl,
    title: z.string().trim().max(200).optional(),
    body: body.default(""),
    pin: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("card"),
    card: CardRefSchema,
    body: body.default(""),
    pin: z.boolean().default(false),
  }),
]);
export type SendMessageInput = z.infer<typeof SendMessageSchema>;

export const ChatCardSchema = z.object({
  kind: z.enum(chatCardKinds),
  id: z.string().nullable(),
  title: z.string(),
  /** A few words under the title: the coupon rule, the sale price, the check-in reward. */
  subtitle: z.string(),
  /** False when the coupon, sale or check-in is gone, ended or switched off. */
  available: z.boolean(),
});

export const ChatMessageSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  /** Per-community number in commit order: history cursor and reconnect position. */
  seq: z.number().int(),
  author: z.object({ kind: z.enum(["member", "staff"]), id: z.string(), name: z.string() }),
  kind: z.enum(["text", "image", "link", "card"]),
  /** Empty once deleted. */
  body: z.string(),
  link: z.object({ url: z.string(), title: z.string() }).nullable(),
  imageId: z.string().nullable(),
  card: ChatCardSchema.nullable(),
  pinnedAt: z.date().nullable(),
  deleted: z.boolean(),
  createdAt: z.date(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const HistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** nextCursor of the previous page: messages older than it. */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "pass nextCursor unchanged")
    .optional(),
  /** Catch-up after a reconnect: messages newer than this seq, oldest first. */
  after: z.coerce.number().int().min(0).optional(),
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const HistoryPageSchema = z.object({
  data: z.array(ChatMessageSchema),
  nextCursor: z.string().nullable(),
});

export const ChatInfoSchema = z.object({
  community: z.object({ id: z.string(), name: z.string(), rules: z.string(), memberCount: z.number().int() }),
  pinned: z.array(ChatMessageSchema),
  lastSeq: z.number().int(),
  /** Members only: their read position, unread count, rules and mute state. */
  me: z
    .object({
      customerId: z.string(),
      lastReadSeq: z.number().int(),
      unread: z.number().int(),
      rulesAccepted: z.boolean(),
      mutedUntil: z.date().nullable(),
    })
    .nullable(),
});
export type ChatInfo = z.infer<typeof ChatInfoSchema>;

export const UnreadSchema = z.object({
  data: z.array(
    z.object({
      communityId: z.string(),
      name: z.string(),
      unread: z.number().int(),
      lastSeq: z.number().int(),
    }),
  ),
});

export const MarkReadSchema = z.strictObject({ seq: z.number().int().min(0) });

export const MuteSchema = z.strictObject({
  /** 0 lifts the mute. */
  minutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 365),
});

export const ChatSettingsSchema = z.object({
  blockedWords: z.array(z.string()),
  updatedAt: z.date().nullable(),
});
export const ChatSettingsInputSchema = z.strictObject({
  blockedWords: z.array(z.string().trim().min(1).max(50)).max(500),
});

export const StaffCommunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  memberCount: z.number().int(),
  lastSeq: z.number().int(),
  status: z.string(),
});

export const ImageUploadSchema = z.object({ imageId: z.string() });
