import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";

export type ChatDayCounts = {
  /** YYYY-MM-DD in the given time zone. */
  date: string;
  /** Messages sent that day (members and staff, the calendar's included; deleted ones left out). */
  messages: number;
  /** Messages staff wrote themselves (not the calendar's: those count as calendar runs). */
  staffPosts: number;
  /** Of those, the cards of coupons and flash sales. */
  promotionalPosts: number;
};

/** A community's chat by local day over [from, end): days without messages are left out. */
export async function countChatMessagesByDay(
  tx: Tx,
  merchantId: string,
  communityId: string,
  range: { from: Date; end: Date; timeZone: string },
): Promise<ChatDayCounts[]> {
  return rowsOf<ChatDayCounts>(
    await tx.execute(sql`select to_char((created_at at time zone ${range.timeZone})::date, 'YYYY-MM-DD') as date,
        count(*)::int as messages,
        count(*) filter (where author_kind = 'staff' and origin is null)::int as "staffPosts",
        count(*) filter (where author_kind = 'staff' and origin is null and kind = 'card'
          and card->>'kind' in ('coupon_template', 'flash_sale'))::int as "promotionalPosts"
      from community_chat_messages
      where merchant_id = ${merchantId} and community_id = ${communityId} and deleted_at is null
        and created_at >= ${range.from.toISOString()}::timestamptz and created_at < ${range.end.toISOString()}::timestamptz
      group by 1`),
  );
}

/** Customers who wrote in the community's chat since `since`, as a relation (customer_id) to join. */
export function selectChatSpeakers(merchantId: string, communityId: string, since: Date): SQL {
  return sql`(select distinct customer_id from community_chat_messages
    where merchant_id = ${merchantId} and community_id = ${communityId} and author_kind = 'member'
      and customer_id is not null and created_at >= ${since.toISOString()}::timestamptz)`;
}
