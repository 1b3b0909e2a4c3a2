import { z } from "zod";
import { chatCardKinds } from "../community/chat/tables.js";
import { isAllowedTarget } from "../links/redirect-target.js";
import { contentImagePattern } from "./content-images.js";
import { type occurrenceStatuses, repeatKinds, templateKinds } from "./tables.js";

/** An http(s) URL, or an image uploaded in the editor (its path, see content-images.ts). */
const imageUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (u) => /^https?:\/\/[^\s]+$/iu.test(u) || contentImagePattern.test(u),
    "must be an http(s) URL or an uploaded image",
  );
const linkUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(isAllowedTarget, "a member-page path (/m/<shop>/…) or an http(s) URL");

export const CardRefSchema = z.strictObject({
  kind: z.enum(chatCardKinds),
  /** The coupon template or flash sale; none for check-in. */
  id: z.string().uuid().nullable().default(null),
});

const contentFields = {
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().max(2000).default(""),
  imageUrl: imageUrl.nullable().default(null),
  linkUrl: linkUrl.nullable().default(null),
  card: CardRefSchema.nullable().default(null),
};

export const TemplateInputSchema = z.strictObject({
  kind: z.enum(templateKinds),
  ...contentFields,
  /** Counts against the community's daily promotional cap; defaults to kind = promotion. */
  promotional: z.boolean().optional(),
});
export type TemplateInput = z.infer<typeof TemplateInputSchema>;
export const TemplateChangeSchema = TemplateInputSchema.partial();
export type TemplateChange = z.infer<typeof TemplateChangeSchema>;

export const TemplateSchema = z.object({
  id: z.string(),
  kind: z.enum(templateKinds),
  title: z.string(),
  body: z.string(),
  imageUrl: z.string().nullable(),
  linkUrl: z.string().nullable(),
  card: z.object({ kind: z.enum(chatCardKinds), id: z.string().nullable() }).nullable(),
  promotional: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, "YYYY-MM-DD");
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/u, "HH:MM");

export const ScheduleSchema = z.strictObject({
  repeat: z.enum(repeatKinds),
  /** once: the date it runs; daily/weekly: the first date it may run (shop's calendar). */
  startDate: localDate,
  endDate: localDate.nullable().default(null),
  /** Shop's wall clock. */
  localTime,
  /** weekly: 0 = Sunday … 6 = Saturday. */
  weekdays: z.array(z.number().int().min(0).max(6)).max(7).default([]),
});

export const PostInputSchema = z.strictObject({
  communityId: z.string().uuid(),
  /** Fills any content field left out from this template. */
  templateId: z.string().uuid().nullable().default(null),
  title: contentFields.title.optional(),
  body: z.string().trim().max(2000).optional(),
  imageUrl: imageUrl.nullable().optional(),
  linkUrl: linkUrl.nullable().optional(),
  card: CardRefSchema.nullable().optional(),
  promotional: z.boolean().optional(),
  schedule: ScheduleSchema,
});
export type PostInput = z.infer<typeof PostInputSchema>;

export const PostChangeSchema = z.strictObject({
  title: contentFields.title.optional(),
  body: z.string().trim().max(2000).optional(),
  imageUrl: imageUrl.nullable().optional(),
  linkUrl: linkUrl.nullable().optional(),
  card: CardRefSchema.nullable().optional(),
  promotional: z.boolean().optional(),
  schedule: ScheduleSchema.optional(),
});
export type PostChange = z.infer<typeof PostChangeSchema>;

export const PostSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  platform: z.string(),
  templateId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  imageUrl: z.string().nullable(),
  linkUrl: z.string().nullable(),
  /** The tracked short link's path (/s/<slug>), once the first run made it. */
  shortPath: z.string().nullable(),
  card: z.object({ kind: z.enum(chatCardKinds), id: z.string().nullable() }).nullable(),
  promotional: z.boolean(),
  schedule: z.object({
    repeat: z.enum(repeatKinds),
    startDate: z.string(),
    endDate: z.string().nullable(),
    localTime: z.string(),
    weekdays: z.array(z.number().int()),
  }),
  status: z.enum(["active", "cancelled", "finished"]),
  nextAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Post = z.infer<typeof PostSchema>;

/** scheduled / held / posted / task_open / task_done / cancelled / failed. */
export const occurrenceViewStatuses = [
  "scheduled",
  "held",
  "posted",
  "task_open",
  "task_done",
  "cancelled",
  "failed",
] as const;

export const OccurrenceSchema = z.object({
  /** null for a future run not written yet (it is computed from the schedule). */
  id: z.string().nullable(),
  postId: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  platform: z.string(),
  title: z.string(),
  promotional: z.boolean(),
  scheduledAt: z.date(),
  status: z.enum(occurrenceViewStatuses),
  /** held: why, and when it will be tried again. */
  holdReason: z.enum(["quiet_hours", "community_cap"]).nullable(),
  movedTo: z.date().nullable(),
  failure: z.string().nullable(),
  postedAt: z.date().nullable(),
  taskId: z.string().nullable(),
});
export type Occurrence = z.infer<typeof OccurrenceSchema>;
export type StoredOccurrenceStatus = (typeof occurrenceStatuses)[number];

export const CalendarQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  communityId: z.string().uuid().optional(),
});

export const CancelOccurrenceSchema = z.strictObject({ scheduledAt: z.iso.datetime({ offset: true }) });

export const PostListQuerySchema = z.object({
  communityId: z.string().uuid().optional(),
  status: z.enum(["active", "cancelled", "finished"]).optional(),
});
