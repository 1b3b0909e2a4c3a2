import { type SQL, sql } from "drizzle-orm";

/** Known customers who opened one of the shop's short links since `since` (bots left out), as a relation (customer_id). */
export function selectLinkClickers(merchantId: string, since: Date): SQL {
  return sql`(select distinct customer_id from short_link_clicks
    where merchant_id = ${merchantId} and customer_id is not null and not is_bot
      and at >= ${since.toISOString()}::timestamptz)`;
}
