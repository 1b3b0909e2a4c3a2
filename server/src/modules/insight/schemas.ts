import { z } from "zod";
import { rfmClasses, rfmReferenceModes, rfmScoringModes } from "./tables.js";

const Thresholds = z
  .tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)])
  .refine((t) => t.every((v, i) => i === 0 || v > t[i - 1]!), "cut-offs must be strictly ascending");

export const RfmCutoffsSchema = z.strictObject({
  recency: Thresholds.describe("days: ≤ [0] scores 5, ≤ [1] 4, ≤ [2] 3, ≤ [3] 2, more 1"),
  frequency: Thresholds.describe("orders in the window: ≥ [3] scores 5, ≥ [2] 4, ≥ [1] 3, ≥ [0] 2, fewer 1"),
  monetary: Thresholds.describe("net spend in the window, 分: ≥ [3] scores 5 … fewer than [0] 1"),
});

const DateOnly = z.iso.date();

export const InsightSettingsSchema = z.object({
  rfm: z.object({
    windowDays: z.number().int().nullable().describe("null = all time"),
    referenceMode: z.enum(rfmReferenceModes),
    referenceDate: z.string().nullable(),
    scoringMode: z.enum(rfmScoringModes),
    cutoffs: RfmCutoffsSchema.nullable(),
  }),
  updatedAt: z.string().nullable(),
});
export type InsightSettings = z.infer<typeof InsightSettingsSchema>;

export const UpdateInsightSettingsSchema = z.strictObject({
  rfm: z
    .strictObject({
      windowDays: z.number().int().min(1).max(36_500).nullable(),
      referenceMode: z.enum(rfmReferenceModes),
      referenceDate: DateOnly.nullable().optional(),
      scoringMode: z.enum(rfmScoringModes),
      cutoffs: RfmCutoffsSchema.nullable().optional(),
    })
    .superRefine((rfm, ctx) => {
      if (rfm.referenceMode === "fixed" && !rfm.referenceDate) {
        ctx.addIssue({
          code: "custom",
          path: ["referenceDate"],
          message: "required when referenceMode is fixed",
        });
      }
      if (rfm.scoringMode === "cutoffs" && !rfm.cutoffs) {
        ctx.addIssue({ code: "custom", path: ["cutoffs"], message: "required when scoringMode is cutoffs" });
      }
    }),
});
export type UpdateInsightSettingsInput = z.infer<typeof UpdateInsightSettingsSchema>;

export const RfmRecomputeAcceptedSchema = z.object({ jobId: z.string() });

export const RfmClassSchema = z.enum(rfmClasses);

export const CustomerMetricsSchema = z.object({
  orderCount: z.number().int(),
  totalSpent: z.number().int().describe("gross: sum of order totals, 分"),
  refundedAmount: z.number().int(),
  netSpent: z.number().int(),
  averageOrderValue: z.number().int().describe("netSpent / orderCount rounded half up, 分; 0 without orders"),
  firstOrderAt: z.string().nullable(),
  lastOrderAt: z.string().nullable(),
  daysSinceLastOrder: z.number().int().nullable().describe("whole local days in the shop's time zone"),
  storesVisited: z.number().int(),
  favouriteCategory: z.string().nullable(),
  categories: z.array(
    z.object({ category: z.string(), orderCount: z.number().int(), spent: z.number().int() }),
  ),
});
export type CustomerMetrics = z.infer<typeof CustomerMetricsSchema>;

export const CustomerRfmSchema = z.object({
  recencyDays: z.number().int(),
  frequency: z.number().int(),
  monetary: z.number().int(),
  r: z.number().int(),
  f: z.number().int(),
  m: z.number().int(),
  class: RfmClassSchema,
  classLabel: z.string(),
  asOf: z.string(),
});
export type CustomerRfm = z.infer<typeof CustomerRfmSchema>;
