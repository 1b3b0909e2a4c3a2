import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { executeWithCachedPlan } from "../../db/prepared.js";
import { isEmbeddedTransaction, type Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import {
  layerRulesJsonSql,
  layersCtes,
  parseLayerRules,
  reevaluateLayers,
  refreshLayersFor,
} from "../layers/evaluate-layers.js";
import {
  parseSegmentRules,
  reconcileSegments,
  refreshSegmentsFor,
  segmentRulesJsonSql,
  segmentsCtes,
} from "../segments/reconcile-segments.js";
import {
  evaluateRuleTags,
  parseRuleTags,
  reevaluateRuleTags,
  ruleTagsCtes,
  ruleTagsJsonSql,
} from "../tags/evaluate-rule-tags.js";
import { type CustomerScope, statementForCustomers } from "./conditions/customer-statement-cache.js";
import { readsTagsOrLayers } from "./conditions/rule-references.js";
import { recomputeInsight } from "./recompute-insight.js";
import {
  executeMetricsRefresh,
  lockCustomersForMetricsSql,
  sortedCustomerIds,
} from "./refresh-customer-metrics.js";

let inlineRefreshOn = true;

/** Turns the in-transaction refresh off and on; only the insight bench does, for its baseline. */
export function setInlineInsight(on: boolean): void {
  inlineRefreshOn = on;
}

/**
 * Brings everything insight keeps per customer up to date for the customers an order, refund,
 * merge or profile change touched, in the caller's transaction, in dependency order: metrics,
 * then rule tags (rules read metrics), then layers (rules may read tags), then segments (rules
 * may read layers). A manual tag change starts at layers: refreshAfterTagChange.
 *
 * It runs inside every order, so it keeps round trips and planning down: one statement takes the
 * metrics locks and reads the time zone and every rule; the four refresh statements then run with
 * generic plans (planning each cost several times running it for one customer). plan_cache_mode
 * stays force_generic_plan until the caller's transaction ends (it is transaction-local): callers
 * run it last, with at most keyed reads after it, whose generic plans are their custom plans.
 */
export async function refreshInsightFor(tx: Tx, merchantId: string, customerIds: readonly string[]) {
  if (!inlineRefreshOn || customerIds.length === 0) return;
  const ids = sortedCustomerIds(merchantId, customerIds);
  const now = new Date();
  const knownPrepared = refreshPreparedOn.has(tx);
  const rules = await lockAndReadRules(tx, merchantId, ids, knownPrepared);
  // Remembered once the database has confirmed it in a transaction after the one that prepared it.
  if (rules.metricsPrepared && !knownPrepared && !isEmbeddedTransaction(tx)) refreshPreparedOn.add(tx);
  await executeMetricsRefresh(tx, merchantId, ids, rules.metricsPrepared, "force_generic_plan");
  const { timeZone } = rules;
  if (canRefreshAtOnce(rules)) {
    await refreshRulesAtOnce(tx, merchantId, rules, { timeZone, now, customerIds: ids });
    return;
  }
  if (rules.ruleTags.length > 0) {
    await evaluateRuleTags(tx, merchantId, rules.ruleTags, { timeZone, now, customerIds: ids });
  }
  await refreshLayersFor(tx, merchantId, ids, { now, preloaded: { layers: rules.layers, timeZone } });
  await refreshSegmentsFor(tx, merchantId, ids, { now, preloaded: { segments: rules.segments, timeZone } });
}

type Rules = Awaited<ReturnType<typeof lockAndReadRules>>;

/**
 * Rule tags, layers and segments are refreshed in dependency order because a layer or segment rule
 * may read tags (and a segment rule layers) as this transaction just wrote them. When none does,
 * nothing depends on what the others write, and all three run as one statement: two round trips
 * fewer inside every order.
 */
function canRefreshAtOnce(rules: Rules): boolean {
  // A shop's first order creates its default layers: the step by step path does that.
  if (rules.layers.length === 0) return false;
  return (
    !rules.layers.some((l) => l.rule !== null && readsTagsOrLayers(l.rule)) &&
    !rules.segments.some((s) => readsTagsOrLayers(s.rule))
  );
}

async function refreshRulesAtOnce(tx: Tx, merchantId: string, rules: Rules, scope: CustomerScope) {
  const { ruleTags, layers, segments } = rules;
  const statement = statementForCustomers(
    `insight|${merchantId}|${JSON.stringify([ruleTags, layers, segments])}`,
    scope,
    (s) => {
      const parts: SQL[] = [];
      if (ruleTags.length > 0) parts.push(ruleTagsCtes(merchantId, ruleTags, s));
      parts.push(layersCtes(merchantId, layers, s, "rule"));
      if (segments.length > 0) parts.push(segmentsCtes(merchantId, segments, s, "change"));
      // Data-modifying WITH items run to completion whether or not the query reads them.
      return sql`with ${sql.join(parts, sql`,`)} select 1`;
    },
  );
  await executeWithCachedPlan(tx, statement);
}

/**
 * Transaction handles whose connection has the metrics refresh prepared. On PostgreSQL a handle of
 * withMerchant is its pooled connection's for good (PGlite's are one per transaction, and a
 * withSystem handle one per transaction, so those are never found here).
 */
const refreshPreparedOn = new WeakSet<Tx>();

async function lockAndReadRules(
  tx: Tx,
  merchantId: string,
  sortedIds: readonly string[],
  knownPrepared: boolean,
) {
  const [row] = rowsOf<{
    metrics_prepared: boolean;
    time_zone: string;
    rule_tags: unknown;
    layers: unknown;
    segments: unknown;
  }>(
    await executeWithCachedPlan(
      tx,
      sql`select set_config('plan_cache_mode', 'force_generic_plan', true),
      ${lockCustomersForMetricsSql(merchantId, sortedIds, knownPrepared)},
      (select time_zone from merchants where id = ${merchantId}) as time_zone,
      ${ruleTagsJsonSql(merchantId)} as rule_tags,
      ${layerRulesJsonSql(merchantId)} as layers,
      ${segmentRulesJsonSql(merchantId)} as segments`,
    ),
  );
  if (!row?.time_zone) throw notFound("Merchant");
  return {
    metricsPrepared: row.metrics_prepared,
    timeZone: row.time_zone,
    ruleTags: parseRuleTags(row.rule_tags),
    layers: parseLayerRules(row.layers),
    segments: parseSegmentRules(row.segments),
  };
}

/** What depends on a customer's tags: their layer, then their segments. */
export async function refreshAfterTagChange(tx: Tx, merchantId: string, customerIds: readonly string[]) {
  if (!inlineRefreshOn || customerIds.length === 0) return;
  await refreshLayersFor(tx, merchantId, customerIds);
  await refreshSegmentsFor(tx, merchantId, customerIds);
}

/**
 * The full recompute, in the same order as the incremental path: metrics and RFM, rule tags,
 * layers, segments; each step diffs set-based and writes only what changed.
 */
export async function recomputeAllInsight(
  database: Database,
  merchantId: string,
  options: { now?: Date; onStep?: (done: number, total: number) => Promise<void> } = {},
) {
  const now = options.now ?? new Date();
  const seconds: Record<string, number> = {};
  let done = 0;
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    seconds[name] = Math.round(performance.now() - started) / 1000;
    await options.onStep?.(++done, 4);
    return result;
  };
  const metricsAndRfm = await step("metricsAndRfm", () => recomputeInsight(database, merchantId, { now }));
  const ruleTags = await step("ruleTags", () => reevaluateRuleTags(database, merchantId, { now }));
  const layers = await step("layers", () => reevaluateLayers(database, merchantId, { now }));
  const segments = await step("segments", () => reconcileSegments(database, merchantId, { now }));
  return { metricsAndRfm, ruleTags, layers, segments, seconds };
}
