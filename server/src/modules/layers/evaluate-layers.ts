import { type SQL, sql } from "drizzle-orm";
import { useBulkWorkMem } from "../../db/bulk-memory.js";
import type { Database } from "../../db/database.js";
import { executeWithCachedPlan } from "../../db/prepared.js";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { enqueueJob, rowsOf } from "../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../lib/uuid-list.js";
import { insertEventsSql } from "../events/record-events.js";
import type { CompileInput } from "../insight/conditions/compile-context.js";
import { compileRule, customerScopeSql, joinsSql } from "../insight/conditions/compile-rule.js";
import { statementForCustomers } from "../insight/conditions/customer-statement-cache.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { ensureLayers } from "./default-layers.js";
import type { LayerMove } from "./layer-events.js";
import type { LayerMoveReason } from "./tables.js";

/** What the evaluation needs of a layer: where it sits and its rule (null for the catch-all last one). */
export type RankedRule = { rule: RuleNode | null };

/**
 * `select c.id as customer_id, <index> as layer_index from customers c …` for the live customers in
 * scope: the index of the first layer whose rule matches, top down, else the last layer's. One
 * pass over the customers whatever the number of layers.
 */
export function firstMatchSql(ranked: readonly RankedRule[], input: CompileInput): SQL {
  const joins = { metrics: false, rfm: false };
  const whens: SQL[] = [];
  ranked.forEach((layer, index) => {
    if (!layer.rule || index === ranked.length - 1) return;
    const compiled = compileRule(layer.rule, input);
    joins.metrics ||= compiled.joins.metrics;
    joins.rfm ||= compiled.joins.rfm;
    whens.push(sql`when ${compiled.where} then ${index}::int`);
  });
  const last = sql`${ranked.length - 1}::int`;
  const choice = whens.length > 0 ? sql`case ${sql.join(whens, sql` `)} else ${last} end` : last;
  return sql`select c.id as customer_id, (${choice})::int as layer_index from customers c ${joinsSql(joins, input)}
    where ${customerScopeSql(input)}`;
}

type Scope = { timeZone: string; now: Date; customerIds?: readonly string[] };
export type LayerRule = RankedRule & { id: string };

/**
 * Places the customers in scope (all, or customerIds) in their layer in one set-based statement:
 * changed placements are upserted, customers no longer live are taken out (only a merge does
 * that, so those moves say merge), and each move is logged with its reason and emitted as one
 * `layer.moved` event, in the same statement. The upsert only counts a row it really changed, so
 * two transactions refreshing the same customer log the move once. Returns the moves, or (for a
 * whole shop) only how many there were.
 */
type Placement = [
  tx: Tx,
  merchantId: string,
  layers: readonly LayerRule[],
  scope: Scope,
  reason: LayerMoveReason,
];
async function applyLayers(...args: [...Placement, output: "moves"]): Promise<LayerMove[]>;
async function applyLayers(...args: [...Placement, output: "count"]): Promise<number>;
async function applyLayers(
  tx: Tx,
  merchantId: string,
  layers: readonly LayerRule[],
  scope: Scope,
  reason: LayerMoveReason,
  output: "moves" | "count",
): Promise<LayerMove[] | number> {
  const { customerIds } = scope;
  // Inside an order (some customers) the statement is built once per set of layers and local day.
  const statement = customerIds
    ? statementForCustomers(
        `layers|${merchantId}|${reason}|${output}|${JSON.stringify(layers)}`,
        { ...scope, customerIds },
        (s) => layersStatement(merchantId, layers, s, reason, output),
      )
    : layersStatement(merchantId, layers, scope, reason, output);
  const result = await executeWithCachedPlan(tx, statement);
  if (output === "count") return rowsOf<{ moved: number }>(result)[0]?.moved ?? 0;
  return rowsOf<{
    customer_id: string;
    from_layer_id: string | null;
    from_name: string | null;
    to_layer_id: string | null;
    to_name: string | null;
    reason: LayerMoveReason;
  }>(result).map(
    (r): LayerMove => ({
      customerId: r.customer_id,
      fromLayerId: r.from_layer_id,
      fromName: r.from_name,
      toLayerId: r.to_layer_id,
      toName: r.to_name,
      reason: r.reason,
    }),
  );
}

function layersStatement(
  merchantId: string,
  layers: readonly LayerRule[],
  scope: Scope,
  reason: LayerMoveReason,
  output: "moves" | "count",
): SQL {
  const result =
    output === "count"
      ? sql`select count(*)::int as moved from layers_logged`
      : sql`select customer_id, from_layer_id, from_name, to_layer_id, to_name, reason from layers_logged`;
  return sql`with ${layersCtes(merchantId, layers, scope, reason)} ${result}`;
}

/**
 * The statement's work as WITH items (names start with `layers_`), so the order path can run it
 * in one statement with the rule tags' and segments' when the layer rules do not read tags.
 */
export function layersCtes(
  merchantId: string,
  layers: readonly LayerRule[],
  scope: Scope,
  reason: LayerMoveReason,
): SQL {
  const ids = sql.join(
    layers.map((l, i) => sql`(${i}::int, ${l.id}::uuid)`),
    sql`, `,
  );
  const target = firstMatchSql(layers, { merchantId, ...scope });
  const inScope = scope.customerIds
    ? sql`and cl.customer_id = any(${uuidArrayLiteral(scope.customerIds)}::uuid[])`
    : sql``;
  const at = sql`${scope.now.toISOString()}::timestamptz`;
  return sql`
    layers_ranked (layer_index, layer_id) as (values ${ids}),
    layers_target as (select t.customer_id, r.layer_id from (${target}) t join layers_ranked r using (layer_index)),
    layers_current as (select cl.customer_id, cl.layer_id from customer_layers cl where cl.merchant_id = ${merchantId} ${inScope}),
    layers_changes as (
      select coalesce(t.customer_id, cur.customer_id) as customer_id, cur.layer_id as from_id, t.layer_id as to_id
        from layers_target t full join layers_current cur on cur.customer_id = t.customer_id
       where t.layer_id is distinct from cur.layer_id
    ),
    layers_placed as (
      insert into customer_layers as cl (merchant_id, customer_id, layer_id, entered_at)
      select ${merchantId}, customer_id, to_id, ${at} from layers_changes where to_id is not null
      on conflict (merchant_id, customer_id) do update set layer_id = excluded.layer_id, entered_at = excluded.entered_at
        where cl.layer_id is distinct from excluded.layer_id
      returning cl.customer_id, cl.layer_id
    ),
    layers_removed as (
      delete from customer_layers cl using layers_changes ch
       where cl.merchant_id = ${merchantId} and cl.customer_id = ch.customer_id and ch.to_id is null
      returning cl.customer_id
    ),
    layers_moved as (
      select ch.customer_id, ch.from_id, ch.to_id from layers_changes ch join layers_placed p using (customer_id)
      union all select ch.customer_id, ch.from_id, null from layers_changes ch join layers_removed r using (customer_id)
    ),
    layers_logged as (
      insert into layer_moves (merchant_id, customer_id, from_layer_id, from_name, to_layer_id, to_name, reason, moved_at)
      select ${merchantId}, mv.customer_id, mv.from_id, fl.name, mv.to_id, tl.name,
             case when mv.to_id is null then 'merge' else ${reason} end, ${at}
        from layers_moved mv
        left join layers fl on fl.merchant_id = ${merchantId} and fl.id = mv.from_id
        left join layers tl on tl.merchant_id = ${merchantId} and tl.id = mv.to_id
      returning customer_id, from_layer_id, from_name, to_layer_id, to_name, reason
    ),
    layers_events as (${insertEventsSql(merchantId, {
      from: sql`layers_logged l`,
      customerId: sql`l.customer_id`,
      type: sql`'layer.moved'`,
      properties: sql`jsonb_build_object('fromLayerId', l.from_layer_id, 'fromLayer', l.from_name,
        'toLayerId', l.to_layer_id, 'toLayer', l.to_name, 'reason', l.reason)`,
      occurredAt: scope.now,
      source: "system",
    })})`;
}

export const layersReevaluateJobName = "layers.reevaluate";

/**
 * The merchant's layers, top first, as one JSON array of `{ id, rule }`: a select-list item for a
 * caller that reads several modules' rules in one round trip (empty before the shop's first use).
 */
export function layerRulesJsonSql(merchantId: string): SQL {
  return sql`(select coalesce(json_agg(json_build_object('id', l.id, 'rule', l.rule) order by l.position), '[]')
    from layers l where l.merchant_id = ${merchantId})`;
}

export function parseLayerRules(json: unknown): LayerRule[] {
  return (typeof json === "string" ? JSON.parse(json) : json) as LayerRule[];
}

type RefreshOptions = {
  now?: Date;
  reason?: LayerMoveReason;
  /** Already read (layerRulesJsonSql) in the caller's transaction, with the shop's time zone. */
  preloaded?: { layers: readonly LayerRule[]; timeZone: string };
};

/**
 * The hook for orders, refunds, profile and tag changes (after metrics and tags, before segments):
 * re-places just the customers the change touched, in the caller's transaction. On a shop's first
 * use it creates the default layers and queues the full re-evaluation that places everyone else.
 */
export async function refreshLayersFor(
  tx: Tx,
  merchantId: string,
  customerIds: readonly string[],
  options: RefreshOptions = {},
): Promise<LayerMove[]> {
  if (customerIds.length === 0) return [];
  const now = options.now ?? new Date();
  const reason = options.reason ?? "rule";
  const { preloaded } = options;
  if (preloaded && preloaded.layers.length > 0) {
    const scope = { timeZone: preloaded.timeZone, now, customerIds };
    return applyLayers(tx, merchantId, preloaded.layers, scope, reason, "moves");
  }
  const { layers, created } = await ensureLayers(tx, merchantId);
  if (created) await enqueueJob(tx, { name: layersReevaluateJobName, merchantId });
  const timeZone = preloaded?.timeZone ?? (await readMerchantTimeZone(tx, merchantId));
  return applyLayers(tx, merchantId, layers, { timeZone, now, customerIds }, reason, "moves");
}

/** Full re-evaluation of every customer of the merchant in one transaction (settings saved, nightly, on demand). */
export async function reevaluateLayers(
  database: Database,
  merchantId: string,
  options: { now?: Date } = {},
): Promise<{ moved: number }> {
  return withMerchant(database, merchantId, async (tx) => {
    await useBulkWorkMem(tx);
    const { layers } = await ensureLayers(tx, merchantId);
    const scope = { timeZone: await readMerchantTimeZone(tx, merchantId), now: options.now ?? new Date() };
    return { moved: await applyLayers(tx, merchantId, layers, scope, "reconcile", "count") };
  });
}
