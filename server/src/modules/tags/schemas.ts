import { z } from "zod";
import { RuleSchema } from "../insight/conditions/schemas.js";
import { tagKinds } from "./tables.js";

const NameSchema = z.string().trim().min(1).max(50);
const ColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour like #1677ff");
const ReasonSchema = z.string().trim().max(200).nullable().optional();

export const TagGroupInputSchema = z.strictObject({
  name: NameSchema,
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export const TagGroupUpdateSchema = TagGroupInputSchema.partial();
export const TagGroupSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  sortOrder: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const TagCreateSchema = z.strictObject({
  name: NameSchema,
  kind: z.enum(tagKinds),
  color: ColorSchema.optional(),
  groupId: z.string().uuid().nullable().optional(),
  description: z.string().trim().max(500).nullable().optional(),
  rule: RuleSchema.optional(),
});
export const TagUpdateSchema = TagCreateSchema.omit({ kind: true }).partial();

export const TagListQuerySchema = z.object({
  groupId: z.string().uuid().optional(),
  kind: z.enum(tagKinds).optional(),
});

export const TagSchema = z.object({
  id: z.string().uuid(),
  groupId: z.string().uuid().nullable(),
  name: z.string(),
  color: z.string(),
  description: z.string().nullable(),
  kind: z.enum(tagKinds),
  rule: z.record(z.string(), z.unknown()).nullable(),
  ruleVersion: z.number().int(),
  evaluatedAt: z.date().nullable(),
  customerCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A rule tag's create or rule change answers with the job that applies it to every customer. */
export const TagWriteResponseSchema = TagSchema.extend({ evaluationJobId: z.number().int().nullable() });

export const TagCustomersBodySchema = z.strictObject({
  customerIds: z.array(z.string().uuid()).min(1).max(10_000),
  reason: ReasonSchema,
});

export const TagPhonesBodySchema = z.strictObject({
  csv: z.string().min(1).max(2_000_000),
  reason: ReasonSchema,
});

export const CustomerTagBodySchema = z.strictObject({ tagId: z.string().uuid(), reason: ReasonSchema });

export const TagParamsSchema = z.object({ id: z.string().uuid(), tagId: z.string().uuid() });

const ActorSchema = z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() });

export const CustomerTagSchema = z.object({
  tagId: z.string().uuid(),
  name: z.string(),
  color: z.string(),
  groupId: z.string().uuid().nullable(),
  kind: z.enum(tagKinds),
  source: z.enum(tagKinds),
  reason: z.string().nullable(),
  ruleVersion: z.number().int().nullable(),
  addedAt: z.date(),
  addedBy: ActorSchema,
});

export const TagHistoryEntrySchema = z.object({
  id: z.number().int(),
  tagId: z.string().uuid(),
  tagName: z.string(),
  action: z.enum(["added", "removed"]),
  source: z.enum(tagKinds),
  reason: z.string().nullable(),
  ruleVersion: z.number().int().nullable(),
  occurredAt: z.date(),
  by: ActorSchema,
});

export const TagHolderSchema = z.object({
  customerId: z.string().uuid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  source: z.enum(tagKinds),
  reason: z.string().nullable(),
  addedAt: z.date(),
});
