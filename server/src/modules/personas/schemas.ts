import { z } from "zod";
import { RuleSchema } from "../insight/conditions/schemas.js";

export const PersonaBodySchema = z.strictObject({
  /** The population: customers matching this rule (a segment, layer or tag is a one-leaf rule); all when absent. */
  rule: RuleSchema.optional(),
  /** Pins "now" (ISO 8601) for relative conditions and ages; defaults to the current time. */
  now: z.iso.datetime({ offset: true }).optional(),
});

const SliceSchema = z.object({ key: z.string().nullable(), count: z.number().int() });

export const PersonaSchema = z.object({
  customers: z.number().int(),
  asOf: z.string().describe("The local date ages and relative conditions were computed for"),
  timeZone: z.string(),
  gender: z.array(SliceSchema),
  ageBands: z.array(SliceSchema),
  regions: z.array(SliceSchema),
  rfmClasses: z.array(SliceSchema),
  orderCounts: z.array(SliceSchema),
  spend: z.array(SliceSchema),
  categories: z.array(
    z.object({
      category: z.string(),
      customers: z.number().int(),
      orders: z.number().int(),
      spent: z.number().int(),
    }),
  ),
});
