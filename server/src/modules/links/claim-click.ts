import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

/** How long after a click the member page may still name its member. */
const claimWindow = "1 day";

/**
 * Names the signed-in member of a click that landed on the member page (the member cookie is
 * scoped to /api/m/<shop>, so the redirect itself cannot see it). Only an anonymous human click of
 * the last day is claimed, once; it then counts among the link's customers reached.
 */
export async function claimClick(tx: Tx, merchantId: string, clickId: string, customerId: string) {
  const [row] = rowsOf<{ claimed: number }>(
    await tx.execute(sql`
      with claimed as (
        update short_link_clicks set customer_id = ${customerId}
         where merchant_id = ${merchantId} and id = ${clickId} and customer_id is null and not is_bot
           and at > now() - interval '${sql.raw(claimWindow)}'
        returning link_id, id, at
      ),
      reached as (
        insert into short_link_customers (merchant_id, link_id, customer_id, first_click_id, first_clicked_at)
        select ${merchantId}::uuid, link_id, ${customerId}::uuid, id, at from claimed
        on conflict do nothing
        returning 1
      )
      select (select count(*) from claimed)::int as claimed, (select count(*) from reached)::int as reached`),
  );
  return { claimed: (row?.claimed ?? 0) > 0 };
}
