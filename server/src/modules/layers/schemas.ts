import { z } from "zod";
import { RuleSchema } from "../insight/conditions/schemas.js";
import { layerMoveReasons } from "./tables.js";

export const LayerSchema = z.object({
  id: z.string().uuid(),
  position: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
  rule: z.record(z.string(), z.unknown()).nullable(),
  /** The last layer has no rule and holds everyone no rule above it matched. */
  isDefault: z.boolean(),
  customerCount: z.number().int(),
});
export type Layer = z.infer<typeof LayerSchema>;

const LayerInputSchema = z.strictObject({
  /** An existing layer keeps its id (and its customers' history); omit it for a new layer. */
  id: z.string().uuid().optional(),
  name: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().min(1).max(50),
  /** Required on every layer but the last, which must have none. */
  rule: RuleSchema.nullable().optional(),
});
export type LayerInput = z.infer<typeof LayerInputSchema>;

/** The whole ordered set, top (evaluated first) to bottom (the catch-all). */
export const LayerSetSchema = z.strictObject({ layers: z.array(LayerInputSchema).min(2).max(10) });

export const LayerSaveResponseSchema = z.object({
  data: z.array(LayerSchema),
  reevaluateJobId: z.number().int(),
});

export const LayerPreviewResponseSchema = z.object({
  data: z.array(
    z.object({
      id: z.string().uuid().nullable(),
      name: z.string(),
      nameEn: z.string(),
      count: z.number().int(),
    }),
  ),
  total: z.number().int(),
  timeZone: z.string(),
  tookMs: z.number(),
});

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
export const FlowQuerySchema = z.object({
  from: z.string().regex(datePattern, "a date YYYY-MM-DD"),
  to: z.string().regex(datePattern, "a date YYYY-MM-DD"),
});

const FlowNodeSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  /** null for a layer that has since been removed. */
  position: z.number().int().nullable(),
});

export const FlowResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The instants compared: the end of each local day in the merchant's time zone. */
  fromAt: z.date(),
  toAt: z.date(),
  timeZone: z.string(),
  layers: z.array(FlowNodeSchema),
  /** One cell per (layer at from, layer at to) with customers; null is "in no layer" (not yet placed, or left). */
  matrix: z.array(
    z.object({
      fromLayerId: z.string().uuid().nullable(),
      toLayerId: z.string().uuid().nullable(),
      count: z.number().int(),
    }),
  ),
  totals: z.object({
    customers: z.number().int(),
    stayed: z.number().int(),
    moved: z.number().int(),
    atFrom: z.array(z.object({ layerId: z.string().uuid().nullable(), count: z.number().int() })),
    atTo: z.array(z.object({ layerId: z.string().uuid().nullable(), count: z.number().int() })),
  }),
});
export type FlowReport = z.infer<typeof FlowResponseSchema>;

export const LayerMoveSchema = z.object({
  fromLayerId: z.string().uuid().nullable(),
  fromName: z.string().nullable(),
  toLayerId: z.string().uuid().nullable(),
  toName: z.string().nullable(),
  reason: z.enum(layerMoveReasons),
  movedAt: z.date(),
});

export const CustomerLayerResponseSchema = z.object({
  current: z
    .object({ layerId: z.string().uuid(), name: z.string(), nameEn: z.string(), enteredAt: z.date() })
    .nullable(),
  moves: z.array(LayerMoveSchema),
});
