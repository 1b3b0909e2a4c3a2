import { z } from "zod";
import { defineJob } from "../../jobs/define-job.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { layersReevaluateJobName, reevaluateLayers } from "./evaluate-layers.js";

const ReevaluatePayloadSchema = z.object({ scheduledFor: z.string().optional() });

/** Full, set-based re-evaluation of a merchant's layers: every customer placed by first match. */
export const layersReevaluateJob = defineJob<Record<string, unknown>>({
  name: layersReevaluateJobName,
  async run({ database, merchantId, payload }) {
    if (!merchantId) throw new Error("layers.reevaluate needs a merchant");
    ReevaluatePayloadSchema.parse(payload);
    return reevaluateLayers(database, merchantId);
  },
});

/** Local hour of the nightly re-evaluation: after metrics (03) and tags (04), before segments (06). */
export const nightlyLayersLocalHour = 5;

/**
 * Hourly dispatcher (schedule layers.nightly, migration 0009): enqueues layers.reevaluate for every
 * shop whose clock shows 05:xx (a shop without layers gets the defaults then); the dedupe key
 * (shop + local date) keeps it to once a night.
 */
export const layersNightlyJob = defineJob<Record<string, unknown>>({
  name: "layers.nightly",
  async run({ database, payload }) {
    const at = typeof payload.scheduledFor === "string" ? payload.scheduledFor : new Date().toISOString();
    const due = await database.query<{ id: string; local_date: string }>(
      `select id, (($1::timestamptz at time zone time_zone)::date)::text as local_date from merchants
        where extract(hour from ($1::timestamptz at time zone time_zone)) = $2`,
      [at, nightlyLayersLocalHour],
    );
    for (const merchant of due) {
      await enqueueJob(database, {
        name: layersReevaluateJobName,
        merchantId: merchant.id,
        payload: { scheduledFor: at },
        dedupeKey: `layers.nightly:${merchant.id}:${merchant.local_date}`,
      });
    }
    return { enqueued: due.length };
  },
});
