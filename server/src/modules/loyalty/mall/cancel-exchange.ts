import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { type Actor, describeActor, recordAudit } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { reverseEntry } from "../ledger/reverse-entry.js";
import type { ExchangeRow } from "./find-exchanges.js";
import { lockMallItem } from "./mall-items.js";
import { mallExchanges, mallItems } from "./tables.js";

export type CancelInput = {
  exchangeId: string;
  reason?: string | null;
  /** A member may cancel only their own exchange. */
  customerId?: string;
  /** expired: the pickup period ran out (the expiry job); cancelled: someone asked. */
  outcome?: "cancelled" | "expired";
};

export type CancelContext = { actor: Actor; source: string; now: Date; ip?: string };

/**
 * Cancels an exchange that is still awaiting pickup: the points go back to the lots they came from
 * (reverseEntry, key mall-cancel:<exchangeId>) and the stock is restored, exactly once. Locks the
 * exchange, then the item, then (inside the ledger) the wallet — the order the exchange itself
 * takes item → wallet in, so the two never deadlock.
 */
export async function cancelExchange(
  tx: Tx,
  merchantId: string,
  input: CancelInput,
  context: CancelContext,
): Promise<ExchangeRow> {
  const [found] = await tx
    .select()
    .from(mallExchanges)
    .where(and(eq(mallExchanges.merchantId, merchantId), eq(mallExchanges.id, input.exchangeId)))
    .for("update");
  if (!found || (input.customerId && found.customerId !== input.customerId)) throw notFound("Exchange");
  if (found.status === "cancelled" || found.status === "expired") {
    throw new AppError("already_done", `This exchange is already ${found.status}`, { status: found.status });
  }
  if (found.status === "verified") {
    throw new AppError("conflict", "This exchange was handed over; it can no longer be cancelled", {
      status: found.status,
    });
  }
  const outcome = input.outcome ?? "cancelled";
  const item = await lockMallItem(tx, merchantId, found.itemId);
  const returned = await reverseEntry(tx, merchantId, {
    entryId: found.spendEntryId,
    idempotencyKey: `mall-cancel:${found.id}`,
    reason: { code: "mall_cancel", note: input.reason ?? null },
    source: "mall",
    actor: context.actor,
    now: context.now,
  });
  if (item.stock !== null) {
    await tx
      .update(mallItems)
      .set({ stock: sql`${mallItems.stock} + ${found.quantity}` })
      .where(and(eq(mallItems.merchantId, merchantId), eq(mallItems.id, item.id)));
  }
  const who = describeActor(context.actor);
  const [row] = await tx
    .update(mallExchanges)
    .set({
      status: outcome,
      returnEntryId: returned.entry.id,
      cancelledAt: context.now,
      cancelledByType: who.actorType,
      cancelledById: who.actorId,
      cancelledByName: who.actorName,
      cancelReason: input.reason ?? null,
    })
    .where(and(eq(mallExchanges.merchantId, merchantId), eq(mallExchanges.id, found.id)))
    .returning();
  await recordEvent(tx, merchantId, {
    customerId: found.customerId,
    type: outcome === "expired" ? "mall.expired" : "mall.cancelled",
    properties: {
      exchangeId: found.id,
      itemId: found.itemId,
      points: found.points,
      reason: input.reason ?? null,
    },
    occurredAt: context.now,
    source: context.source,
  });
  if (context.actor.kind === "staff" || context.actor.kind === "api_key") {
    await recordAudit(tx, merchantId, {
      actor: context.actor,
      action: "mall.cancel",
      targetType: "mall_exchange",
      targetId: found.id,
      details: { code: found.code, points: found.points, reason: input.reason ?? null },
      ip: context.ip,
    });
  }
  return row!;
}
