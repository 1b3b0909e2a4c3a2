import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

export type RunDayCounts = {
  /** YYYY-MM-DD in the given time zone. */
  date: string;
  /** Runs that went out: into the built-in chat, or as a staff task for an external group. */
  runs: number;
  /** Of those, the ones handed to staff for an external group (the chat does not see them). */
  taskRuns: number;
  /** Runs of posts marked promotional. */
  promotionalRuns: number;
};

/** A community's calendar runs that went out, by local day of posting over [from, end). */
export async function countPostedRunsByDay(
  tx: Tx,
  merchantId: string,
  communityId: string,
  range: { from: Date; end: Date; timeZone: string },
): Promise<RunDayCounts[]> {
  return rowsOf<RunDayCounts>(
    await tx.execute(sql`select to_char((o.posted_at at time zone ${range.timeZone})::date, 'YYYY-MM-DD') as date,
        count(*)::int as runs,
        count(*) filter (where o.status = 'task')::int as "taskRuns",
        count(*) filter (where p.promotional)::int as "promotionalRuns"
      from content_occurrences o
      join content_posts p on p.merchant_id = o.merchant_id and p.id = o.post_id
      where o.merchant_id = ${merchantId} and p.community_id = ${communityId}
        and o.status in ('posted', 'task')
        and o.posted_at >= ${range.from.toISOString()}::timestamptz and o.posted_at < ${range.end.toISOString()}::timestamptz
      group by 1`),
  );
}
