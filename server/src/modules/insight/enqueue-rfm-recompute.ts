import type { Database } from "../../db/database.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { insightRecomputeJob } from "./insight-jobs.js";

/** Queues an RFM recompute for the merchant; progress is read through GET /api/v1/jobs/:id. */
export async function enqueueRfmRecompute(database: Database, merchantId: string): Promise<number> {
  return enqueueJob(database, { name: insightRecomputeJob.name, merchantId, payload: { metrics: false } });
}
