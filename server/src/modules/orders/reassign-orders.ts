import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { orders } from "./tables.js";

/** Moves a merged duplicate's orders to the customer it was merged into; returns how many. */
export async function reassignCustomerOrders(tx: Tx, merchantId: string, fromId: string, toId: string) {
  const moved = await tx
    .update(orders)
    .set({ customerId: toId, updatedAt: sql`now()` })
    .where(and(eq(orders.merchantId, merchantId), eq(orders.customerId, fromId)))
    .returning({ id: orders.id });
  return moved.length;
}
