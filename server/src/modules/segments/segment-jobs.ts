import { sql } from "drizzle-orm";
import { z } from "zod";
import { withSystem } from "../../db/tenant.js";
import { defineJob } from "../../jobs/define-job.js";
import { enqueueJob, rowsOf } from "../../jobs/enqueue-job.js";
import { reconcileSegments } from "./reconcile-segments.js";

const ReconcilePayloadSchema = z.object({ segmentId: z.string().uuid().optional() });

export const segmentsReconcileJobName = "segments.reconcile";

/** Full, set-based reconcile of a merchant's segments (or one, after its rule changed). */
export const segmentsReconcileJob = defineJob<Record<string, unknown>>({
  name: segmentsReconcileJobName,
  async run({ database, merchantId, payload }) {
    if (!merchantId) throw new Error("segments.reconcile needs a merchant");
    const { segmentId } = ReconcilePayloadSchema.parse(payload);
    const results = await reconcileSegments(database, merchantId, { segmentId });
    return {
      segments: results.length,
      entered: results.reduce((n, r) => n + r.entered, 0),
      exited: results.reduce((n, r) => n + r.exited, 0),
    };
  },
});

/** Local hour of the nightly reconcile: after metrics (03), tags (04) and layers (05), which segments read. */
export const nightlySegmentsLocalHour = 6;

/**
 * Hourly dispatcher (schedule segments.nightly, migration 0008): enqueues segments.reconcile for
 * shops whose clock shows 06:xx and that have segments; the dedupe key (shop + local date) keeps it
 * to once a night.
 */
export const segmentsNightlyJob = defineJob<Record<string, unknown>>({
  name: "segments.nightly",
  async run({ database, payload }) {
    const at = typeof payload.scheduledFor === "string" ? payload.scheduledFor : new Date().toISOString();
    // Cross-merchant by nature: which shops have segments (RLS hides them outside withSystem).
    const due = await withSystem(database, async (tx) =>
      rowsOf<{ id: string; local_date: string }>(
        await tx.execute(sql`select m.id, ((${at}::timestamptz at time zone m.time_zone)::date)::text as local_date
          from merchants m
          where extract(hour from (${at}::timestamptz at time zone m.time_zone)) = ${nightlySegmentsLocalHour}
            and exists (select 1 from segments s where s.merchant_id = m.id)`),
      ),
    );
    for (const merchant of due) {
      await enqueueJob(database, {
        name: segmentsReconcileJobName,
        merchantId: merchant.id,
        dedupeKey: `segments.nightly:${merchant.id}:${merchant.local_date}`,
      });
    }
    return { enqueued: due.length };
  },
});
