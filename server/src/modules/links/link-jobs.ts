import { sql } from "drizzle-orm";
import { withSystem } from "../../db/tenant.js";
import { defineJob } from "../../jobs/define-job.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

/** Visitor-hours older than this are no longer needed to tell a new visitor from a returning one. */
const keepHours = 48;
const batch = 50_000;

/**
 * Hourly (schedule short_links.prune, migration 0024): drops visitor-hour rows past their use, so
 * the table the flusher upserts into holds about two days, however long links live. The raw
 * clicks keep the visitor, so a recount still rebuilds every unique count. Two runs at once
 * delete disjoint rows or nothing.
 */
export const shortLinkPruneJob = defineJob<Record<string, unknown>>({
  name: "short_links.prune",
  async run({ database }) {
    let deleted = 0;
    for (;;) {
      const [row] = await withSystem(database, async (tx) =>
        rowsOf<{ n: number }>(
          await tx.execute(sql`with gone as (
            delete from short_link_visitor_hours where ctid in (
              select ctid from short_link_visitor_hours
               where hour < now() - make_interval(hours => ${keepHours}) limit ${batch})
            returning 1)
            select count(*)::int as n from gone`),
        ),
      );
      deleted += row?.n ?? 0;
      if ((row?.n ?? 0) < batch) return { deleted };
    }
  },
});
