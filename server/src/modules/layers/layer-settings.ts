import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { validateRule } from "../insight/conditions/validate-rule.js";
import { checkTagReferences } from "../tags/check-tag-references.js";
import { checkLayerReferences } from "./check-layer-references.js";
import { ensureLayers, type LayerDefinition } from "./default-layers.js";
import { emitLayerMoves, type LayerMove } from "./layer-events.js";
import type { Layer, LayerInput } from "./schemas.js";
import { layers } from "./tables.js";

/** The layers top to bottom with how many customers each holds now. */
export async function listLayers(tx: Tx, merchantId: string): Promise<Layer[]> {
  const { layers: defined } = await ensureLayers(tx, merchantId);
  const counts = rowsOf<{ layer_id: string; n: number }>(
    await tx.execute(sql`select layer_id, count(*)::int as n from customer_layers
      where merchant_id = ${merchantId} group by layer_id`),
  );
  const byLayer = new Map(counts.map((c) => [c.layer_id, c.n]));
  return defined.map((l, i) => ({
    id: l.id,
    position: l.position,
    name: l.name,
    nameEn: l.nameEn,
    rule: l.rule as Record<string, unknown> | null,
    isDefault: i === defined.length - 1,
    customerCount: byLayer.get(l.id) ?? 0,
  }));
}

/** Prefixes the path of an invalid_rule error with the layer it belongs to (`layers[1].rule.all[0]`). */
async function withRulePath<T>(prefix: string, check: () => Promise<T> | T): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "invalid_rule") throw error;
    const details = error.details as { path: string; issues: { path: string; message: string }[] };
    const join = (p: string) => (p === "$" || p === "" ? prefix : `${prefix}.${p}`);
    const issues = details.issues.map((i) => ({ ...i, path: join(i.path) }));
    const path = join(details.path);
    throw new AppError("invalid_rule", `Invalid rule at ${path}: ${issues[0]?.message ?? error.message}`, {
      path,
      issues,
    });
  }
}

const invalid = (field: string, message: string) => new AppError("validation_failed", message, { field });

/**
 * Checks a proposed layer set before anything is written: every layer but the last has a valid rule
 * (which may read tags but not layers), the last has none, names are unique, ids are this merchant's.
 */
export async function checkLayerSet(
  tx: Tx,
  merchantId: string,
  input: readonly LayerInput[],
): Promise<RuleNode[]> {
  const last = input.length - 1;
  const seen = new Map<string, number>();
  const seenEn = new Map<string, number>();
  const rules: RuleNode[] = [];
  for (const [i, layer] of input.entries()) {
    const here = `layers[${i}]`;
    const other = seen.get(layer.name) ?? seenEn.get(layer.nameEn.toLowerCase());
    if (other !== undefined)
      throw invalid(`${here}.name`, `Layer ${i + 1} has the same name as layer ${other + 1}`);
    seen.set(layer.name, i);
    seenEn.set(layer.nameEn.toLowerCase(), i);
    if (i === last) {
      if (layer.rule != null) {
        throw invalid(
          `${here}.rule`,
          "The last layer catches everyone no rule above matched and has no rule",
        );
      }
      continue;
    }
    if (layer.rule == null) throw invalid(`${here}.rule`, `Layer ${i + 1} needs an entry rule`);
    const rule = await withRulePath(`${here}.rule`, async () => {
      const checked = validateRule(layer.rule);
      await checkTagReferences(tx, merchantId, checked);
      await checkLayerReferences(tx, merchantId, checked, { forbidden: true });
      return checked;
    });
    rules.push(rule);
  }
  const ids = input.map((l) => l.id).filter((id): id is string => id !== undefined);
  if (new Set(ids).size !== ids.length) throw invalid("layers", "A layer id appears twice");
  if (ids.length > 0) {
    const found = await tx
      .select({ id: layers.id })
      .from(layers)
      .where(and(eq(layers.merchantId, merchantId), inArray(layers.id, ids)));
    const known = new Set(found.map((f) => f.id));
    const unknown = input.findIndex((l) => l.id !== undefined && !known.has(l.id));
    if (unknown >= 0) throw invalid(`layers[${unknown}].id`, "No such layer");
  }
  return rules;
}

/**
 * Replaces the merchant's layer set. Customers of a removed layer move to the new catch-all layer
 * at once (reason settings), so everyone stays in exactly one layer; the caller queues the full
 * re-evaluation that places everyone by the new rules.
 */
export async function saveLayers(
  tx: Tx,
  merchantId: string,
  input: readonly LayerInput[],
  at: Date,
): Promise<void> {
  await ensureLayers(tx, merchantId);
  const rules = await checkLayerSet(tx, merchantId, input);
  const saved: LayerDefinition[] = [];
  for (const [i, layer] of input.entries()) {
    const values = {
      position: i + 1,
      name: layer.name,
      nameEn: layer.nameEn,
      rule: (rules[i] ?? null) as Record<string, unknown> | null,
      updatedAt: at,
    };
    const [row] = layer.id
      ? await tx
          .update(layers)
          .set(values)
          .where(and(eq(layers.merchantId, merchantId), eq(layers.id, layer.id)))
          .returning({ id: layers.id })
      : await tx
          .insert(layers)
          .values({ merchantId, ...values })
          .returning({ id: layers.id });
    saved.push({ id: row!.id, ...values, rule: values.rule as RuleNode | null });
  }
  const keep = saved.map((l) => l.id);
  const catchAll = saved.at(-1)!;
  const moves = rowsOf<{ customer_id: string; from_layer_id: string; from_name: string }>(
    await tx.execute(sql`
      with moved as (
        update customer_layers cl set layer_id = ${catchAll.id}::uuid, entered_at = ${at.toISOString()}::timestamptz
          from layers l
         where cl.merchant_id = ${merchantId} and l.merchant_id = cl.merchant_id and l.id = cl.layer_id
           and not (cl.layer_id = any(${`{${keep.join(",")}}`}::uuid[]))
        returning cl.customer_id, l.id as from_layer_id, l.name as from_name
      )
      insert into layer_moves (merchant_id, customer_id, from_layer_id, from_name, to_layer_id, to_name, reason, moved_at)
      select ${merchantId}, customer_id, from_layer_id, from_name, ${catchAll.id}::uuid, ${catchAll.name}, 'settings',
             ${at.toISOString()}::timestamptz
        from moved
      returning customer_id, from_layer_id, from_name`),
  );
  await tx.delete(layers).where(and(eq(layers.merchantId, merchantId), notInArray(layers.id, keep)));
  const events: LayerMove[] = moves.map((m) => ({
    customerId: m.customer_id,
    fromLayerId: m.from_layer_id,
    fromName: m.from_name,
    toLayerId: catchAll.id,
    toName: catchAll.name,
    reason: "settings",
  }));
  await emitLayerMoves(tx, merchantId, events, at);
}
