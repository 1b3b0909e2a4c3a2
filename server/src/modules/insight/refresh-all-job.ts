import type { Database } from "../../db/database.js";
import { defineJob } from "../../jobs/define-job.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { recomputeAllInsight } from "./refresh-insight.js";

/** Everything insight keeps, recomputed for one shop in dependency order (after bulk loads). */
export const insightRefreshAllJob = defineJob<Record<string, unknown>>({
  name: "insight.refresh-all",
  async run({ database, merchantId, reportProgress }) {
    if (!merchantId) throw new Error("insight.refresh-all needs a merchant");
    await reportProgress({ done: 0, total: 4 });
    const result = await recomputeAllInsight(database, merchantId, {
      onStep: (done, total) => reportProgress({ done, total }),
    });
    return {
      metrics: result.metricsAndRfm.metrics,
      rfmCustomers: result.metricsAndRfm.rfm.customers,
      ruleTags: result.ruleTags.length,
      layerMoves: result.layers.moved,
      segments: result.segments.length,
    };
  },
});

/**
 * Queues the full refresh after a bulk change (an import) that did not go through the
 * per-customer hook; `reason` names the change so re-queuing for the same one is a no-op.
 */
export function enqueueInsightRefresh(database: Database, merchantId: string, reason: string) {
  return enqueueJob(database, {
    name: insightRefreshAllJob.name,
    merchantId,
    dedupeKey: `insight.refresh-all:${merchantId}:${reason}`,
  });
}
