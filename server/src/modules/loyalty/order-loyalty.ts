import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { lockWalletAccount } from "./ledger/ledger-state.js";
import { reevaluateLevelFor } from "./levels/reevaluate-level.js";
import {
  awardPurchasePoints,
  clawBackRefundPoints,
  type PlacedOrder,
  type RefundedOrder,
} from "./points/purchase-points.js";
import { grantFirstOrderWelcomeGift } from "./welcome-gift/grant-welcome-gift.js";

/**
 * What an order means for loyalty, in the order's transaction: purchase points, the new-member
 * gift when the shop gives it on the first order, and an immediate upgrade. The points wallet is
 * locked before the level so that every path takes the two locks in the same order.
 */
export async function applyOrderLoyalty(tx: Tx, merchantId: string, order: PlacedOrder): Promise<void> {
  await awardPurchasePoints(tx, merchantId, order);
  if (await isFirstOrder(tx, merchantId, order)) {
    await grantFirstOrderWelcomeGift(tx, merchantId, order.customerId, order.actor);
  }
  await lockWalletAccount(tx, merchantId, order.customerId, "points");
  await reevaluateLevelFor(tx, merchantId, order.customerId, {
    reason: "order",
    actor: order.actor,
    now: order.now,
  });
}

async function isFirstOrder(tx: Tx, merchantId: string, order: PlacedOrder): Promise<boolean> {
  const [earlier] = rowsOf<{ found: boolean }>(
    await tx.execute(sql`select exists (select 1 from orders where merchant_id = ${merchantId}
      and customer_id = ${order.customerId} and id <> ${order.orderId}) as found`),
  );
  return !earlier?.found;
}

/** A refund takes back the refunded share's points; a downgrade waits for the level schedule. */
export async function applyRefundLoyalty(tx: Tx, merchantId: string, refund: RefundedOrder): Promise<void> {
  await clawBackRefundPoints(tx, merchantId, refund);
}
