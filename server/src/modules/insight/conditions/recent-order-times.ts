import { type SQL, sql } from "drizzle-orm";

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
