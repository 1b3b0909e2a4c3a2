import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { type Actor, recordAudit } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { orders } from "../../orders/tables.js";
import { coupons, couponTemplates } from "../coupons/tables.js";
import { lockCoupons } from "./load-coupons.js";
import { loadRedemptionView } from "./redemption-views.js";
import type { Redemption } from "./schemas.js";
import { couponRedemptionCoupons, couponRedemptions } from "./tables.js";

export type RollbackRequest = {
  /** The API call's Idempotency-Key and request hash; null for the order refund's own rollback. */
  key: string | null;
  hash: string | null;
  /** The event source (admin, api, …). */
  source: string;
  /** What asked for it, kept on the redemption: "api" or "order_refund". */
  via: "api" | "order_refund";
  actor: Actor;
  now: Date;
};

/**
 * Returns a redemption's coupons (available again while inside their validity, else expired) and
 * the budget it charged, exactly once: the redemption row is locked first, so parallel rollbacks
 * queue and all but the first find it rolled back. The same key replays; another key is already_done.
 */
export async function rollbackRedemption(
  tx: Tx,
  merchantId: string,
  redemptionId: string,
  request: RollbackRequest,
): Promise<{ redemption: Redemption; changed: boolean }> {
  const [row] = await tx
    .select()
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.merchantId, merchantId), eq(couponRedemptions.id, redemptionId)))
    .for("update");
  if (!row) throw notFound("Redemption");
  if (row.status === "rolled_back") {
    if (request.key === null) return { redemption: await loadRedemptionView(tx, row), changed: false };
    if (row.rollbackKey !== request.key)
      throw new AppError("already_done", "This redemption has been rolled back");
    if (row.rollbackHash !== request.hash) {
      throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different rollback");
    }
    return { redemption: await loadRedemptionView(tx, row), changed: false };
  }
  const used = await tx
    .select()
    .from(couponRedemptionCoupons)
    .where(
      and(
        eq(couponRedemptionCoupons.merchantId, merchantId),
        eq(couponRedemptionCoupons.redemptionId, row.id),
      ),
    );
  const charged = used.filter((coupon) => coupon.budgetCharged > 0);
  // Coupons first, templates last (a plain decrement): the order redeem takes them in.
  await lockCoupons(
    tx,
    merchantId,
    used.map((coupon) => coupon.couponId),
  );
  const at = request.now.toISOString();
  for (const coupon of used) {
    await tx
      .update(coupons)
      .set({
        status: sql`case when ${coupons.validUntil} > ${at}::timestamptz then 'available' else 'expired' end`,
        redemptionId: null,
        redeemedAt: null,
      })
      .where(
        and(
          eq(coupons.merchantId, merchantId),
          eq(coupons.id, coupon.couponId),
          eq(coupons.redemptionId, row.id),
          eq(coupons.status, "redeemed"),
        ),
      );
  }
  for (const coupon of charged) {
    await tx
      .update(couponTemplates)
      .set({ spent: sql`greatest(${couponTemplates.spent} - ${coupon.budgetCharged}, 0)` })
      .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, coupon.templateId)));
  }
  const [rolledBack] = await tx
    .update(couponRedemptions)
    .set({
      status: "rolled_back",
      rolledBackAt: request.now,
      rollbackKey: request.key,
      rollbackHash: request.hash,
      rollbackSource: request.via,
    })
    .where(and(eq(couponRedemptions.merchantId, merchantId), eq(couponRedemptions.id, row.id)))
    .returning();
  await recordEvent(tx, merchantId, {
    customerId: row.customerId,
    type: "coupon.rolled_back",
    properties: {
      redemptionId: row.id,
      couponIds: used.map((coupon) => coupon.couponId),
      discount: row.discount,
      orderRef: row.orderRef,
    },
    occurredAt: request.now,
    source: request.source,
  });
  if (request.actor.kind === "staff") {
    await recordAudit(tx, merchantId, {
      actor: request.actor,
      action: "coupon.rollback",
      targetType: "coupon_redemption",
      targetId: row.id,
      details: { couponIds: used.map((coupon) => coupon.couponId), discount: row.discount },
    });
  }
  return { redemption: await loadRedemptionView(tx, rolledBack!), changed: true };
}

/**
 * The order refund's hook: a full refund or cancellation of an order that used a redemption rolls
 * it back in the refund's transaction. Partial refunds keep the coupon use.
 */
export async function rollbackRedemptionOfOrder(
  tx: Tx,
  merchantId: string,
  redemptionId: string,
  context: { actor: Actor; source: string },
): Promise<void> {
  const [exists] = await tx
    .select({ id: couponRedemptions.id })
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.merchantId, merchantId), eq(couponRedemptions.id, redemptionId)));
  if (!exists) return;
  await rollbackRedemption(tx, merchantId, redemptionId, {
    key: null,
    hash: null,
    source: context.source,
    via: "order_refund",
    actor: context.actor,
    now: new Date(),
  });
}

/** An order may name only a redemption of this shop that has not been rolled back. */
export async function requireRedemptionForOrder(
  tx: Tx,
  merchantId: string,
  redemptionId: string,
): Promise<void> {
  // Locked, so two orders naming one redemption at once are checked one after the other.
  const [row] = await tx
    .select({ status: couponRedemptions.status })
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.merchantId, merchantId), eq(couponRedemptions.id, redemptionId)))
    .for("update");
  if (!row) throw new AppError("unprocessable", "No such redemption", { field: "redemptionId" });
  if (row.status !== "redeemed") {
    throw new AppError("unprocessable", "The redemption has been rolled back", { field: "redemptionId" });
  }
  const [taken] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.redemptionId, redemptionId)))
    .limit(1);
  if (taken) {
    throw new AppError("conflict", "The redemption already belongs to another order", {
      field: "redemptionId",
      orderId: taken.id,
    });
  }
}
