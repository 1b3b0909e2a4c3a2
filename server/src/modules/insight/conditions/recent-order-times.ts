import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";

/**
 * customer_category_metrics.recent_order_at holds the times of a customer's most recent orders in
 * the category (not cancelled), newest first, at most this many. With it "at least v orders since
 * S" is `recent_order_at[v] >= S` for any window, exact and without reading orders, for v up to
 * this many; higher counts read orders.
 */
export const recentOrdersKept = 10;

/** The aggregate that fills recent_order_at, over one row per (customer, category, order). */
export function recentOrderTimesSql(placedAt: SQL): SQL {
  return sql`(array_agg(${placedAt} order by ${placedAt} desc))[1:${sql.raw(String(recentOrdersKept))}]`;
}

/**
 * Writes recent_order_at for every category row of a merchant from its orders: the backfill for
 * rows written before the insight refresh kept the column (benches and tests use it too). Only
 * where the refresh writes recent_order_at: a refresh that updates a row's counts without it
 * leaves a stale list that the compiler trusts.
 */
export async function fillRecentOrderTimes(tx: Tx, merchantId: string) {
  await tx.execute(sql`update customer_category_metrics cm set recent_order_at = r.recent
    from (select customer_id, category, ${recentOrderTimesSql(sql`placed_at`)} as recent
            from (select distinct o.customer_id, i.category, o.id, o.placed_at
                    from orders o
                    join order_items i on i.merchant_id = o.merchant_id and i.order_id = o.id
                   where o.merchant_id = ${merchantId} and o.status <> 'cancelled'
                     and o.customer_id is not null and i.category is not null) per_order
           group by customer_id, category) r
   where cm.merchant_id = ${merchantId} and cm.customer_id = r.customer_id and cm.category = r.category
     and cm.recent_order_at is distinct from r.recent`);
}
