import { z } from "zod";
import { RuleSchema } from "../insight/conditions/schemas.js";

const NameSchema = z.string().trim().min(1).max(50);
const DescriptionSchema = z.string().trim().max(500).nullable().optional();

export const SegmentCreateSchema = z.strictObject({
  name: NameSchema,
  description: DescriptionSchema,
  rule: RuleSchema,
});
export const SegmentUpdateSchema = SegmentCreateSchema.partial();

export const SegmentSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  rule: z.record(z.string(), z.unknown()),
  ruleVersion: z.number().int(),
  memberCount: z.number().int(),
  reconciledAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Segment = z.infer<typeof SegmentSchema>;

export const SegmentWriteResponseSchema = SegmentSchema.extend({
  /** The full reconcile that fills (or refills) the membership after a new rule. */
  reconcileJobId: z.number().int().nullable(),
});

export const SegmentMemberSchema = z.object({
  id: z.string().uuid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  enteredAt: z.date(),
  orderCount: z.number().int(),
  totalSpent: z.number().int(),
  netSpent: z.number().int(),
  lastOrderAt: z.date().nullable(),
});
export type SegmentMember = z.infer<typeof SegmentMemberSchema>;
