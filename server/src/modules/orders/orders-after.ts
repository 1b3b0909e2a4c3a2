import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

export type CohortOrderFigures = { key: string; buyers: number; orders: number; revenue: number };

/**
 * Orders a cohort placed after a moment of its own (a live code's join, a click): per cohort key,
 * the customers who ordered, their orders and revenue (total less refunds, cancelled left out).
 * `cohort` is a query with columns key, customer_id, since.
 */
export async function sumOrdersAfter(tx: Tx, merchantId: string, cohort: SQL): Promise<CohortOrderFigures[]> {
  const rows = rowsOf<{ key: string; buyers: number; orders: number; revenue: string | number }>(
    await tx.execute(sql`with cohort as (${cohort})
      select c.key::text as key, count(distinct o.customer_id)::int as buyers, count(o.id)::int as orders,
        coalesce(sum(o.total - o.refunded_amount), 0)::bigint as revenue
      from cohort c
      join orders o on o.merchant_id = ${merchantId} and o.customer_id = c.customer_id and o.placed_at >= c.since
        and o.status <> 'cancelled'
      group by c.key`),
  );
  return rows.map((r) => ({ key: r.key, buyers: r.buyers, orders: r.orders, revenue: Number(r.revenue) }));
}
