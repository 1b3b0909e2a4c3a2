import { z } from "zod";
import { CouponRuleSchema } from "../engine/coupon-rule.js";
import {
  batchStatuses,
  bulkIssueStatuses,
  couponStatuses,
  templateStatuses,
  triggerEvents,
} from "./tables.js";

const instant = z.iso.datetime({ offset: true });

export const AudienceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("segment"), id: z.string().uuid() }),
  z.strictObject({ kind: z.literal("layer"), id: z.string().uuid() }),
  z.strictObject({ kind: z.literal("levels"), ids: z.array(z.string().uuid()).min(1).max(20) }),
]);

/** Fixed dates (from issue when validFrom is absent), or N local days after issue (1 = the issue day only). */
export const ValiditySchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("fixed"), validFrom: instant.nullable().optional(), validUntil: instant }),
  z.strictObject({ type: z.literal("days_after_issue"), days: z.number().int().min(1).max(3650) }),
]);
export type ValidityInput = z.infer<typeof ValiditySchema>;

const templateFields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).nullable().optional(),
  rule: CouponRuleSchema,
  validity: ValiditySchema,
  /** Coupons that may ever be issued (batch codes included); null = unlimited. */
  stock: z.number().int().min(0).max(100_000_000).nullable().optional(),
  perCustomerLimit: z.number().int().min(1).max(1000).nullable().optional(),
  /** Total discount the template may give, 分; null = no budget. */
  budget: z.number().int().min(0).max(100_000_000_000).nullable().optional(),
  audience: AudienceSchema.nullable().optional(),
  claimable: z.boolean().optional(),
  status: z.enum(templateStatuses).optional(),
};

export const TemplateInputSchema = z.strictObject(templateFields);
export type TemplateInput = z.infer<typeof TemplateInputSchema>;

export const TemplateChangeSchema = z.strictObject(templateFields).partial();
export type TemplateChange = z.infer<typeof TemplateChangeSchema>;

export const TemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  rule: CouponRuleSchema,
  /** The rule in a few words (满100减10, 8折 最高减20 …). */
  summary: z.string(),
  validity: ValiditySchema,
  stock: z.number().int().nullable(),
  issued: z.number().int(),
  /** Stock not yet issued; null = unlimited. */
  remaining: z.number().int().nullable(),
  perCustomerLimit: z.number().int().nullable(),
  budget: z.number().int().nullable(),
  spent: z.number().int(),
  audience: AudienceSchema.nullable(),
  claimable: z.boolean(),
  status: z.enum(templateStatuses),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Template = z.infer<typeof TemplateSchema>;

export const CouponSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  summary: z.string(),
  customerId: z.string().nullable(),
  /** 12 symbols; show grouped (codeDisplay) and as a QR code for in-store use. */
  code: z.string(),
  codeDisplay: z.string(),
  /** As of now: an available coupon past validUntil reads expired. */
  status: z.enum(couponStatuses),
  validFrom: z.date(),
  validUntil: z.date(),
  issuedAt: z.date(),
  source: z.string(),
  batchId: z.string().nullable(),
  redeemedAt: z.date().nullable(),
});
export type Coupon = z.infer<typeof CouponSchema>;

/** A member's coupon: the rule too, so the page can explain it. */
export const MemberCouponSchema = CouponSchema.omit({ customerId: true, batchId: true, source: true }).extend(
  {
    rule: CouponRuleSchema,
    description: z.string().nullable(),
  },
);
export type MemberCoupon = z.infer<typeof MemberCouponSchema>;

export const IssueRequestSchema = z.strictObject({
  templateId: z.string().uuid(),
  customerIds: z.array(z.string().uuid()).min(1).max(100),
  quantity: z.number().int().min(1).max(10).default(1),
});

export const IssueResultSchema = z.object({
  results: z.array(
    z.object({
      customerId: z.string(),
      issued: z.boolean(),
      /** Why not: not_found, paused, ended, not_in_audience, out_of_stock, limit_reached. */
      reason: z.string().nullable(),
      coupons: z.array(CouponSchema),
    }),
  ),
});

export const CouponListQuerySchema = z.object({
  templateId: z.string().uuid().optional(),
  customerId: z.string().uuid().optional(),
  batchId: z.string().uuid().optional(),
  code: z.string().trim().max(40).optional(),
});

export const MemberCouponQuerySchema = z.object({
  status: z.enum(["available", "used", "expired"]).default("available"),
});

export const CentreTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  summary: z.string(),
  rule: CouponRuleSchema,
  validity: ValiditySchema,
  /** Coupons left to claim in the whole shop; null = unlimited. */
  remaining: z.number().int().nullable(),
  /** How many more I may claim; null = no per-customer limit. */
  myRemaining: z.number().int().nullable(),
  claimed: z.number().int(),
  /** Whether a claim would succeed now (sold_out / limit_reached otherwise). */
  available: z.boolean(),
  unavailableReason: z.enum(["sold_out", "limit_reached"]).nullable(),
});

export const BatchInputSchema = z.strictObject({
  templateId: z.string().uuid(),
  name: z.string().trim().min(1).max(100),
  quantity: z.number().int().min(1).max(1_000_000),
});

export const BatchSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  generated: z.number().int(),
  status: z.enum(batchStatuses),
  jobId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type Batch = z.infer<typeof BatchSchema>;

export const BulkIssueInputSchema = z.strictObject({
  templateId: z.string().uuid(),
  segmentId: z.string().uuid(),
  /** Coupons per customer. */
  quantity: z.number().int().min(1).max(10).default(1),
});

export const BulkIssueSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  segmentId: z.string(),
  quantity: z.number().int(),
  status: z.enum(bulkIssueStatuses),
  /** Segment members when the run started. */
  total: z.number().int().nullable(),
  /** Customers gone through so far (progress = processed / total). */
  processed: z.number().int(),
  /** Coupons issued. */
  issued: z.number().int(),
  /** Customers given nothing: per-customer limit reached, outside the audience, or stock ran out. */
  skipped: z.number().int(),
  /** out_of_stock when the stock ran out before the segment did; template_paused / template_ended. */
  stopReason: z.string().nullable(),
  jobId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type BulkIssue = z.infer<typeof BulkIssueSchema>;

export const TriggerInputSchema = z.strictObject({
  eventType: z.enum(triggerEvents),
  templateId: z.string().uuid(),
  quantity: z.number().int().min(1).max(10).default(1),
  enabled: z.boolean().default(true),
});

export const TriggerSchema = z.object({
  id: z.string(),
  eventType: z.enum(triggerEvents),
  templateId: z.string(),
  quantity: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Trigger = z.infer<typeof TriggerSchema>;

export const BindCodeSchema = z.strictObject({ code: z.string().trim().min(1).max(40) });

/** The body of a void is optional: a bare POST is fine. */
export const VoidRequestSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(200).optional() })
  .nullish();
