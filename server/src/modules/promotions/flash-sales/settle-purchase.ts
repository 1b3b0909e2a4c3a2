import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { type Actor, describeActor, recordAudit } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import type { PurchaseRow } from "./find-purchases.js";
import { forgetUnitsLeft } from "./sale-admission.js";
import { flashSalePurchases, flashSales } from "./tables.js";

export type SettleAction = "confirm" | "cancel";

export type SettleInput = { purchaseId: string; action: SettleAction; idempotencyKey: string };
export type SettleContext = { actor: Actor; source: string; now: Date; ip?: string };

/**
 * Confirms a held purchase (paid: held → sold) or cancels it (units back to stock), once. Under
 * the purchase row's lock: the same Idempotency-Key again answers with the purchase as settled;
 * a second settlement under another key is 409 already_done (same outcome) or conflict. A hold
 * whose payment window has passed cannot be confirmed: the release job gives its units back.
 */
export async function settlePurchase(
  tx: Tx,
  merchantId: string,
  input: SettleInput,
  context: SettleContext,
): Promise<{ row: PurchaseRow; changed: boolean }> {
  const [current] = await tx
    .select()
    .from(flashSalePurchases)
    .where(and(eq(flashSalePurchases.merchantId, merchantId), eq(flashSalePurchases.id, input.purchaseId)))
    .for("update");
  if (!current) throw notFound("Purchase");
  if (current.settleKey === input.idempotencyKey) {
    if (current.settleAction === input.action) return { row: current, changed: false };
    throw new AppError("idempotency_conflict", "This Idempotency-Key was used to settle it the other way", {
      settledAs: current.settleAction,
    });
  }
  refuseSettled(current, input.action, context.now);

  const confirm = input.action === "confirm";
  const by = describeActor(context.actor);
  const [row] = await tx
    .update(flashSalePurchases)
    .set({
      status: confirm ? "confirmed" : "released",
      confirmedAt: confirm ? context.now : null,
      releasedAt: confirm ? null : context.now,
      releaseReason: confirm ? null : "cancelled",
      settleKey: input.idempotencyKey,
      settleAction: input.action,
      settledByType: by.actorType,
      settledById: by.actorId,
      settledByName: by.actorName,
    })
    .where(and(eq(flashSalePurchases.merchantId, merchantId), eq(flashSalePurchases.id, current.id)))
    .returning();
  await tx
    .update(flashSales)
    .set(
      confirm
        ? {
            sold: sql`${flashSales.sold} + ${current.quantity}`,
            held: sql`${flashSales.held} - ${current.quantity}`,
          }
        : { held: sql`${flashSales.held} - ${current.quantity}` },
    )
    .where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, current.saleId)));
  if (!confirm) forgetUnitsLeft(merchantId, current.saleId);
  await recordEvent(tx, merchantId, {
    customerId: current.customerId,
    type: confirm ? "flash_sale.confirmed" : "flash_sale.released",
    properties: {
      purchaseId: current.id,
      saleId: current.saleId,
      quantity: current.quantity,
      amount: current.amount,
      ...(confirm ? {} : { reason: "cancelled" }),
    },
    occurredAt: context.now,
    source: context.source,
  });
  await recordAudit(tx, merchantId, {
    actor: context.actor,
    action: confirm ? "flash_sale.confirm" : "flash_sale.cancel",
    targetType: "flash_sale_purchase",
    targetId: current.id,
    details: { saleId: current.saleId, quantity: current.quantity, amount: current.amount },
    ip: context.ip,
  });
  return { row: row!, changed: true };
}

function refuseSettled(current: PurchaseRow, action: SettleAction, now: Date): void {
  const details = { status: current.status, releaseReason: current.releaseReason };
  if (current.status === "confirmed") {
    if (action === "confirm")
      throw new AppError("already_done", "This purchase is already confirmed", details);
    throw new AppError("conflict", "A confirmed purchase cannot be cancelled", details);
  }
  if (current.status === "released") {
    if (action === "cancel") throw new AppError("already_done", "This purchase is already released", details);
    throw new AppError("conflict", "This purchase was released: its units went back to stock", details);
  }
  if (action === "confirm" && now >= current.holdUntil) {
    throw new AppError("conflict", "The payment window of this purchase has passed", {
      ...details,
      reason: "hold_expired",
      holdUntil: current.holdUntil,
    });
  }
}
