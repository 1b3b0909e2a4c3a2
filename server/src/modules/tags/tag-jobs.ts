import { sql } from "drizzle-orm";
import { z } from "zod";
import { withSystem } from "../../db/tenant.js";
import { defineJob } from "../../jobs/define-job.js";
import { enqueueJob, rowsOf } from "../../jobs/enqueue-job.js";
import { reevaluateLayers } from "../layers/evaluate-layers.js";
import { reconcileSegments } from "../segments/reconcile-segments.js";
import { reevaluateRuleTags } from "./evaluate-rule-tags.js";

const ReevaluatePayloadSchema = z.object({ tagId: z.string().uuid().optional() });

export const tagsReevaluateJobName = "tags.reevaluate";

/** Full, set-based re-evaluation of a merchant's rule tags (or one tag after its rule changed). */
export const tagsReevaluateJob = defineJob<Record<string, unknown>>({
  name: tagsReevaluateJobName,
  async run({ database, merchantId, payload }) {
    if (!merchantId) throw new Error("tags.reevaluate needs a merchant");
    const { tagId } = ReevaluatePayloadSchema.parse(payload);
    const results = await reevaluateRuleTags(database, merchantId, { tagId });
    const added = results.reduce((n, r) => n + r.added, 0);
    const removed = results.reduce((n, r) => n + r.removed, 0);
    // Layers and segments may read rule tags; a changed rule moves them now, not at the nightly run.
    if (added + removed > 0) {
      await reevaluateLayers(database, merchantId);
      await reconcileSegments(database, merchantId);
    }
    return { tags: results.length, added, removed };
  },
});

/** Local hour of the nightly re-evaluation: after the 03:xx metrics and RFM recompute. */
export const nightlyTagsLocalHour = 4;

/**
 * Hourly dispatcher (schedule tags.nightly, migration 0007): enqueues tags.reevaluate for shops
 * whose clock shows 04:xx and that have rule tags; rules that read time ("no order for 30 days")
 * change answers overnight without any order.
 */
export const tagsNightlyJob = defineJob<Record<string, unknown>>({
  name: "tags.nightly",
  async run({ database, payload }) {
    const at = typeof payload.scheduledFor === "string" ? payload.scheduledFor : new Date().toISOString();
    // Cross-merchant by nature: which shops have rule tags (RLS hides tags outside withSystem).
    const due = await withSystem(database, async (tx) =>
      rowsOf<{ id: string; local_date: string }>(
        await tx.execute(sql`select m.id, ((${at}::timestamptz at time zone m.time_zone)::date)::text as local_date
          from merchants m
          where extract(hour from (${at}::timestamptz at time zone m.time_zone)) = ${nightlyTagsLocalHour}
            and exists (select 1 from tags t where t.merchant_id = m.id and t.kind = 'rule')`),
      ),
    );
    for (const merchant of due) {
      await enqueueJob(database, {
        name: tagsReevaluateJobName,
        merchantId: merchant.id,
        dedupeKey: `tags.nightly:${merchant.id}:${merchant.local_date}`,
      });
    }
    return { enqueued: due.length };
  },
});
