import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { getMerchant } from "../merchants/create-merchant.js";
import { computeRfm, type RfmRun } from "./compute-rfm.js";
import { getInsightSettings } from "./insight-settings.js";
import { type MetricsRefresh, refreshCustomerMetrics } from "./refresh-customer-metrics.js";

export type InsightRecompute = { metrics: MetricsRefresh | null; rfm: RfmRun; seconds: number };

type RecomputeOptions = {
  /** false: RFM only (metrics are kept current by the order, refund and merge transactions). */
  metrics?: boolean;
  now?: Date;
  onStep?: (done: number, total: number) => Promise<void>;
};

/**
 * The full recompute: every customer's metrics from their orders (the same statement the order
 * path runs for one customer), then RFM for the whole shop. Two transactions, so orders wait for
 * the metrics lock only while the metrics statement runs.
 */
export async function recomputeInsight(
  database: Database,
  merchantId: string,
  options: RecomputeOptions = {},
): Promise<InsightRecompute> {
  const started = performance.now();
  const withMetrics = options.metrics ?? true;
  const total = withMetrics ? 2 : 1;
  const merchant = await getMerchant(database, merchantId);
  let metrics: MetricsRefresh | null = null;
  if (withMetrics) {
    metrics = await withMerchant(database, merchantId, (tx) => refreshCustomerMetrics(tx, merchantId, "all"));
    await options.onStep?.(1, total);
  }
  const rfm = await withMerchant(database, merchantId, async (tx) => {
    const settings = await getInsightSettings(tx, merchantId);
    return computeRfm(tx, merchantId, {
      timeZone: merchant.timeZone,
      settings: settings.rfm,
      now: options.now ?? new Date(),
    });
  });
  await options.onStep?.(total, total);
  return { metrics, rfm, seconds: Math.round(performance.now() - started) / 1000 };
}
