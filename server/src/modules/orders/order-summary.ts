import { getTableName, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

export type CustomerOrderSummary = {
  orderCount: number;
  totalSpent: number;
  refundedAmount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
};

type SummaryJson = {
  orderCount: number;
  totalSpent: number;
  refundedAmount: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
} | null;

/**
 * A column expression other modules select to get a customer's order totals (cancelled orders
 * excluded) from the customer_order_summaries view, in the same query as their own row.
 */
export function customerOrderSummaryColumn(
  merchantId: AnyPgColumn,
  customerId: AnyPgColumn,
): SQL<SummaryJson> {
  return sql<SummaryJson>`(select json_build_object(
      'orderCount', s.order_count, 'totalSpent', s.total_spent, 'refundedAmount', s.refunded_amount,
      'firstOrderAt', s.first_order_at, 'lastOrderAt', s.last_order_at)
    from customer_order_summaries s
   where s.merchant_id = ${qualified(merchantId)} and s.customer_id = ${qualified(customerId)})`;
}

/** `"table"."column"`: Drizzle leaves a single-table select's columns bare, which inside the
 * subquery would name the view's own column of the same name. */
function qualified(column: AnyPgColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

export function readCustomerOrderSummary(json: SummaryJson): CustomerOrderSummary {
  if (!json)
    return { orderCount: 0, totalSpent: 0, refundedAmount: 0, firstOrderAt: null, lastOrderAt: null };
  return {
    orderCount: Number(json.orderCount),
    totalSpent: Number(json.totalSpent),
    refundedAmount: Number(json.refundedAmount),
    firstOrderAt: json.firstOrderAt ? new Date(json.firstOrderAt) : null,
    lastOrderAt: json.lastOrderAt ? new Date(json.lastOrderAt) : null,
  };
}
