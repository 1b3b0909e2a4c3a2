import { type SQL, sql } from "drizzle-orm";
import { type CompileEnv, scopedTo } from "./compile-context.js";
import { recentOrdersKept } from "./recent-order-times.js";
import type { Comparison } from "./rule-types.js";

/**
 * "Bought 水果 at least 2 times in 180 days" read from the customer's row of
 * customer_category_metrics (one row per customer and category with a not-cancelled order, kept by
 * the same refresh as customer_metrics) instead of from orders and lines. Let w be the orders in
 * the window and n all of them: no row means w = 0; no window means w = n; a first order inside
 * the window means w = n; a last order before it means w = 0; otherwise recent_order_at (the newest
 * orders' times) answers "w ≥ v" for v up to recentOrdersKept.
 *
 * A row the refresh has not written recent_order_at into yet ("unknown") cannot answer; its
 * customer is answered from orders by `ordersDecide(customer)` (true when the customer's count
 * passes, or fails when zero passes). Everything is an (anti) semi-join on the row, so the
 * planner hashes it like any join, and the orders are only read when an unknown row exists.
 * Returns null when a comparison needs a count beyond what recent_order_at holds.
 */
export function compileCategoryCount(
  category: string,
  comparison: Comparison,
  since: SQL | null,
  env: CompileEnv,
  ordersDecide: (customer: SQL) => SQL,
  zeroPasses: boolean,
): SQL | null {
  const needed = thresholdsOf(comparison);
  if (since && needed.some((v) => v > recentOrdersKept)) return null;
  const atLeast = (v: number): SQL => {
    if (v <= 0) return sql`true`;
    if (!since) return sql`(cm.order_count >= ${v}::bigint)`;
    if (v === 1) return sql`(cm.last_order_at >= ${since})`;
    return sql`(cm.order_count >= ${v}::bigint and (cm.first_order_at >= ${since}
      or (cm.recent_order_at[${v}::int] >= ${since}) is true))`;
  };
  const passes = comparePassing(comparison, atLeast);
  const row = (test: SQL) => sql`exists (select 1 from customer_category_metrics cm
    where cm.merchant_id = ${env.merchantId} and cm.category = ${category}::text and cm.customer_id = c.id
      ${scopedTo(sql`cm.customer_id`, env)}
      and ${test})`;
  if (!since || needed.every((v) => v <= 1)) {
    // Only customers with a row can pass when zero does not; when zero passes, every customer
    // passes unless their row fails.
    return zeroPasses ? sql`not ${row(sql`not ${passes}`)}` : row(passes);
  }
  const unknown = sql`cm.recent_order_at is null and cm.first_order_at < ${since} and cm.last_order_at >= ${since}`;
  const decided = ordersDecide(sql`cm.customer_id`);
  return zeroPasses
    ? sql`(not ${row(sql`not (${unknown}) and not ${passes}`)} and not ${row(sql`${unknown} and ${decided}`)})`
    : sql`(${row(sql`(${unknown} or ${passes})`)} and not ${row(sql`${unknown} and not ${decided}`)})`;
}

/** The "w ≥ v" tests a comparison on w reduces to. */
function thresholdsOf(comparison: Comparison): number[] {
  if (comparison.op === "between") {
    const [from, to] = comparison.value as [number, number];
    return [from, to + 1];
  }
  const v = comparison.value as number;
  switch (comparison.op) {
    case "gte":
    case "lt":
      return [v];
    case "gt":
    case "lte":
      return [v + 1];
    default:
      return [v, v + 1];
  }
}

function comparePassing(comparison: Comparison, atLeast: (v: number) => SQL): SQL {
  if (comparison.op === "between") {
    const [from, to] = comparison.value as [number, number];
    return sql`(${atLeast(from)} and not ${atLeast(to + 1)})`;
  }
  const v = comparison.value as number;
  switch (comparison.op) {
    case "gte":
      return atLeast(v);
    case "gt":
      return atLeast(v + 1);
    case "lt":
      return sql`not ${atLeast(v)}`;
    case "lte":
      return sql`not ${atLeast(v + 1)}`;
    case "eq":
      return sql`(${atLeast(v)} and not ${atLeast(v + 1)})`;
    case "ne":
      return sql`(not ${atLeast(v)} or ${atLeast(v + 1)})`;
  }
}
