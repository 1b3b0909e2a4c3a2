import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { Principal } from "../../../http/access.js";
import { describeActor, recordAudit } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { resolveStoreId } from "../../stores/find-stores.js";
import { type ExchangeRow, findExchangeByCode } from "./find-exchanges.js";
import { mallExchanges } from "./tables.js";

export type VerifyInput = { code: string; storeId?: string | null };
export type VerifyContext = { actor: Principal; source: string; now: Date; ip?: string };

/**
 * Hands over an exchange (核销): one conditional update from awaiting_pickup to verified, so of
 * any number of parallel verifications exactly one succeeds and the others get already_done.
 */
export async function verifyExchange(
  tx: Tx,
  merchantId: string,
  input: VerifyInput,
  context: VerifyContext,
): Promise<ExchangeRow> {
  const storeId = input.storeId ? await resolveStoreId(tx, merchantId, { id: input.storeId }) : null;
  const found = await findExchangeByCode(tx, merchantId, input.code);
  refuseUnlessAwaiting(found, context.now);
  const who = describeActor(context.actor);
  const [row] = await tx
    .update(mallExchanges)
    .set({
      status: "verified",
      verifiedAt: context.now,
      verifiedById: who.actorId,
      verifiedByName: who.actorName,
      verifiedStoreId: storeId,
    })
    .where(
      and(
        eq(mallExchanges.merchantId, merchantId),
        eq(mallExchanges.id, found.id),
        eq(mallExchanges.status, "awaiting_pickup"),
      ),
    )
    .returning();
  if (!row) {
    // A parallel verification or cancellation won; say which.
    refuseUnlessAwaiting(await findExchangeByCode(tx, merchantId, input.code), context.now);
    throw new AppError("already_done", "This exchange was just handed over");
  }
  await recordEvent(tx, merchantId, {
    customerId: row.customerId,
    type: "mall.verified",
    properties: {
      exchangeId: row.id,
      itemId: row.itemId,
      itemName: row.itemName,
      quantity: row.quantity,
      storeId,
    },
    occurredAt: context.now,
    source: context.source,
  });
  await recordAudit(tx, merchantId, {
    actor: context.actor,
    action: "mall.verify",
    targetType: "mall_exchange",
    targetId: row.id,
    details: {
      code: row.code,
      storeId,
      itemName: row.itemName,
      quantity: row.quantity,
      cashDue: row.cashDue,
    },
    ip: context.ip,
  });
  return row;
}

/** Only an awaiting exchange within its pickup period can be handed over. */
export function refuseUnlessAwaiting(row: ExchangeRow, now: Date): void {
  if (row.status === "verified") {
    throw new AppError("already_done", "This exchange was already handed over", {
      status: row.status,
      verifiedAt: row.verifiedAt,
      verifiedBy: row.verifiedByName,
    });
  }
  if (row.status !== "awaiting_pickup") {
    throw new AppError("conflict", `This exchange is ${row.status}; nothing to hand over`, {
      status: row.status,
    });
  }
  if (row.expiresAt <= now) {
    throw new AppError("conflict", "The pickup period of this exchange has ended", {
      status: "expired",
      expiresAt: row.expiresAt,
    });
  }
}
