import { z } from "zod";
import { fieldOperators, fieldTypes } from "./rule-types.js";

const LabelsSchema = z.object({ "zh-CN": z.string(), en: z.string() });

export const FieldDescriptionSchema = z.object({
  name: z.string(),
  type: z.enum(fieldTypes),
  source: z.enum(["profile", "metrics", "rfm"]),
  label: LabelsSchema,
  operators: z.array(z.enum(fieldOperators)),
  values: z.array(z.object({ value: z.string(), label: LabelsSchema })).optional(),
  yearly: z.boolean().optional(),
});

/**
 * A condition tree (see docs/architecture.md, "Condition language"). Its shape is checked by
 * validateRule, which names the path of the bad node; here it is only "an object".
 */
export const RuleSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'Condition tree: { "all": [...] } | { "any": [...] } | { "not": {...} } | { "field", "op", "value" } | ' +
      '{ "purchased": {...}, "count"?, "spend"?, "within"? } | { "event", "count"?, "within"? } | { "tag", "op" } | ' +
      '{ "layer": id | [ids], "op": "in" | "notIn" }',
  );

export const PreviewBodySchema = z.strictObject({
  rule: RuleSchema,
  /** Pins "now" (ISO 8601) to see who would have matched then; defaults to the current time. */
  now: z.iso.datetime({ offset: true }).optional(),
});

export const PreviewResponseSchema = z.object({
  count: z.number().int(),
  customers: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      orderCount: z.number().int(),
      netSpent: z.number().int(),
      lastOrderAt: z.date().nullable(),
    }),
  ),
  timeZone: z.string(),
  tookMs: z.number(),
});
