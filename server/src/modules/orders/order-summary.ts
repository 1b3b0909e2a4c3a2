import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { orders } from "./tables.js";

export type CustomerOrderSummary = {
  orderCount: number;
  totalSpent: number;
  refundedAmount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
};

/** Order count and spend of one customer (cancelled orders excluded), for the customer view. */
export async function summarizeCustomerOrders(
  tx: Tx,
  merchantId: string,
  customerId: string,
): Promise<CustomerOrderSummary> {
  const [row] = await tx
    .select({
      orderCount: sql<number>`count(*)::int`,
      totalSpent: sql<string>`coalesce(sum(${orders.total}), 0)`,
      refundedAmount: sql<string>`coalesce(sum(${orders.refundedAmount}), 0)`,
      firstOrderAt: sql<string | null>`min(${orders.placedAt})`,
      lastOrderAt: sql<string | null>`max(${orders.placedAt})`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.merchantId, merchantId),
        eq(orders.customerId, customerId),
        sql`${orders.status} <> 'cancelled'`,
      ),
    );
  return {
    orderCount: Number(row!.orderCount),
    totalSpent: Number(row!.totalSpent),
    refundedAmount: Number(row!.refundedAmount),
    firstOrderAt: row!.firstOrderAt ? new Date(row!.firstOrderAt) : null,
    lastOrderAt: row!.lastOrderAt ? new Date(row!.lastOrderAt) : null,
  };
}
