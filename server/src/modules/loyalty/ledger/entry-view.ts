import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { LedgerEntryView, LedgerMutation } from "./ledger-types.js";
import { describeReason } from "./reasons.js";
import { ledgerEntries } from "./tables.js";

type EntryRow = typeof ledgerEntries.$inferSelect;

export function entryView(row: EntryRow): LedgerEntryView {
  return {
    id: row.id,
    customerId: row.customerId,
    wallet: row.wallet,
    kind: row.kind,
    amount: row.amount,
    shortfall: row.shortfall,
    balanceAfter: row.balanceAfter,
    reason: describeReason(row.reasonCode),
    note: row.note,
    source: row.source,
    sourceRef: row.sourceRef,
    reversesEntryId: row.reversesEntryId,
    actor: { type: row.actorType, id: row.actorId, name: row.actorName },
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Whether the entry an earlier call wrote under the same idempotency key answers this call. The same
 * key for another customer or with another request body is a conflict, never a silent replay.
 */
export function assertSameRequest(row: EntryRow, mutation: LedgerMutation): void {
  const sameRequest =
    row.customerId === mutation.customerId &&
    (mutation.requestHash == null || row.requestHash == null || row.requestHash === mutation.requestHash);
  if (!sameRequest) {
    throw new AppError(
      "idempotency_conflict",
      `Idempotency key ${mutation.idempotencyKey} was already used for a different request`,
      { entryId: row.id },
    );
  }
}

export async function getEntry(tx: Tx, merchantId: string, entryId: string): Promise<EntryRow | null> {
  const [row] = await tx
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.merchantId, merchantId), eq(ledgerEntries.id, entryId)));
  return row ?? null;
}
