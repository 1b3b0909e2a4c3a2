import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

/**
 * Orders (not cancelled) that customers placed within `windowDays` after a touch (a short-link
 * click, a scan), for attribution. `touches` is a query of (customer_id uuid, at timestamptz), one
 * row per customer, owned by the caller; revenue is total minus refunds, in 分.
 */
export async function ordersAfterTouches(tx: Tx, merchantId: string, touches: SQL, windowDays: number) {
  const [row] = rowsOf<{ orders: number; buyers: number; revenue: string | number }>(
    await tx.execute(sql`
      select count(o.id)::int as orders, count(distinct o.customer_id)::int as buyers,
             coalesce(sum(o.total - o.refunded_amount), 0)::bigint as revenue
        from (${touches}) t
        join orders o on o.merchant_id = ${merchantId} and o.customer_id = t.customer_id
       where o.status <> 'cancelled' and o.placed_at >= t.at
         and o.placed_at < t.at + make_interval(days => ${windowDays})`),
  );
  return { orders: row?.orders ?? 0, buyers: row?.buyers ?? 0, revenue: Number(row?.revenue ?? 0) };
}
