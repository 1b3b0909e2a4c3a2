import { z } from "zod";
import { defineJob } from "../../jobs/define-job.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { recomputeInsight } from "./recompute-insight.js";

const RecomputePayloadSchema = z.object({
  metrics: z.boolean().optional(),
  scheduledFor: z.string().optional(),
});

/** Full recompute of one merchant's metrics (unless metrics: false) and RFM. */
export const insightRecomputeJob = defineJob<Record<string, unknown>>({
  name: "insight.recompute",
  async run({ database, merchantId, payload, reportProgress }) {
    if (!merchantId) throw new Error("insight.recompute needs a merchant");
    const { metrics } = RecomputePayloadSchema.parse(payload);
    await reportProgress({ done: 0, total: metrics === false ? 1 : 2 });
    return recomputeInsight(database, merchantId, {
      metrics,
      onStep: (done, total) => reportProgress({ done, total }),
    });
  },
});

/** The local hour at which each shop is recomputed. */
export const nightlyLocalHour = 3;

/**
 * Runs hourly (schedule insight.nightly, from migration 0006) and enqueues the recompute of every
 * shop whose local clock shows 03:xx at the scheduled time; the dedupe key (shop + local date)
 * keeps it to once a night even if the dispatcher runs twice.
 */
export const insightNightlyJob = defineJob<Record<string, unknown>>({
  name: "insight.nightly",
  async run({ database, payload }) {
    const at = typeof payload.scheduledFor === "string" ? payload.scheduledFor : new Date().toISOString();
    const due = await database.query<{ id: string; local_date: string }>(
      `select id, (($1::timestamptz at time zone time_zone)::date)::text as local_date from merchants
        where extract(hour from ($1::timestamptz at time zone time_zone)) = $2`,
      [at, nightlyLocalHour],
    );
    for (const merchant of due) {
      await enqueueJob(database, {
        name: insightRecomputeJob.name,
        merchantId: merchant.id,
        payload: { scheduledFor: at },
        dedupeKey: `insight.nightly:${merchant.id}:${merchant.local_date}`,
      });
    }
    return { enqueued: due.length };
  },
});
