import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import type { Actor } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { debitWallet } from "../ledger/debit-wallet.js";
import { getEntry } from "../ledger/entry-view.js";
import type { LedgerResult } from "../ledger/ledger-types.js";
import { reverseEntry } from "../ledger/reverse-entry.js";
import { getLoyaltySettings } from "../points/loyalty-settings.js";

export type PayInput = {
  customerId: string;
  amount: number;
  reference?: string | null;
  note?: string | null;
  idempotencyKey: string;
  requestHash: string;
  source: string;
  actor: Actor;
  now?: Date;
};

/**
 * Pays at checkout from stored value (储值消费): principal before bonus, or both pro rata, as the
 * shop sets. insufficient_balance writes nothing.
 */
export async function payWithStoredValue(tx: Tx, merchantId: string, input: PayInput): Promise<LedgerResult> {
  const settings = await getLoyaltySettings(tx, merchantId);
  const result = await debitWallet(tx, merchantId, {
    customerId: input.customerId,
    wallet: "stored_value",
    kind: "spend",
    amount: input.amount,
    drawOrder: settings.storedValueBonusOrder,
    idempotencyKey: input.idempotencyKey,
    requestHash: input.requestHash,
    reason: { code: "checkout", note: input.note ?? null },
    source: input.source,
    sourceRef: input.reference ?? null,
    actor: input.actor,
    now: input.now,
  });
  if (!result.replayed) {
    await recordEvent(tx, merchantId, {
      customerId: input.customerId,
      type: "stored_value.paid",
      properties: { entryId: result.entry.id, amount: input.amount, reference: input.reference ?? null },
      occurredAt: input.now,
      source: input.source,
    });
  }
  return result;
}

export type RefundPaymentInput = {
  entryId: string;
  amount?: number;
  idempotencyKey: string;
  note?: string | null;
  source: string;
  actor: Actor;
  now?: Date;
};

/** A purchase paid from stored value is refunded (in full or in parts) back into the same lots. */
export async function refundStoredValuePayment(
  tx: Tx,
  merchantId: string,
  input: RefundPaymentInput,
): Promise<LedgerResult> {
  const payment = await getEntry(tx, merchantId, input.entryId);
  if (payment?.wallet !== "stored_value" || payment.kind !== "spend") throw notFound("Stored-value payment");
  return reverseEntry(tx, merchantId, {
    entryId: input.entryId,
    amount: input.amount,
    idempotencyKey: input.idempotencyKey,
    reason: { code: "checkout_refund", note: input.note ?? null },
    source: input.source,
    actor: input.actor,
    now: input.now,
  });
}
