import type { Database } from "../../db/database.js";
import type { Tx } from "../../db/tenant.js";
import { reevaluateLayers, refreshLayersFor } from "../layers/evaluate-layers.js";
import { reconcileSegments, refreshSegmentsFor } from "../segments/reconcile-segments.js";
import { reevaluateRuleTags, reevaluateRuleTagsFor } from "../tags/evaluate-rule-tags.js";
import { recomputeInsight } from "./recompute-insight.js";
import { refreshCustomerMetrics } from "./refresh-customer-metrics.js";

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
 */
export async function refreshInsightFor(tx: Tx, merchantId: string, customerIds: readonly string[]) {
  if (!inlineRefreshOn || customerIds.length === 0) return;
  await refreshCustomerMetrics(tx, merchantId, [...customerIds]);
  await reevaluateRuleTagsFor(tx, merchantId, customerIds);
  await refreshAfterTagChange(tx, merchantId, customerIds);
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
