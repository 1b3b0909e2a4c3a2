import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { Actor } from "../../audit/record-audit.js";
import { getEntry } from "./entry-view.js";
import type { LedgerReason, LedgerResult } from "./ledger-types.js";
import { runMutation } from "./run-mutation.js";
import { ledgerEntryLots } from "./tables.js";

export type ReverseInput = {
  entryId: string;
  idempotencyKey: string;
  reason: LedgerReason;
  source: string;
  actor: Actor;
  now?: Date;
};

const reversibleKinds = new Set(["spend", "adjust", "withdraw"]);

/**
 * Gives back exactly what a debit took, to the same lots (so points keep their original expiry;
 * points whose lot has expired meanwhile are written off by the next expiry run). An entry is
 * reversed at most once.
 */
export async function reverseEntry(tx: Tx, merchantId: string, input: ReverseInput): Promise<LedgerResult> {
  const original = await getEntry(tx, merchantId, input.entryId);
  if (!original) throw notFound("Ledger entry");
  if (!reversibleKinds.has(original.kind) || original.amount >= 0) {
    throw new AppError("unprocessable", `A ${original.kind} entry cannot be reversed`, {
      entryId: original.id,
    });
  }
  const mutation = {
    customerId: original.customerId,
    wallet: original.wallet,
    idempotencyKey: input.idempotencyKey,
    requestHash: `reverse:${original.id}`,
    reason: input.reason,
    source: input.source,
    sourceRef: original.sourceRef,
    actor: input.actor,
    now: input.now,
  };
  return runMutation(tx, merchantId, mutation, async (account) => {
    const [reversed] = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from ledger_entries
        where merchant_id = ${merchantId} and reverses_entry_id = ${original.id}`),
    );
    if (reversed)
      throw new AppError("already_done", "This entry was already reversed", { entryId: reversed.id });
    const links = await tx
      .select({ lotId: ledgerEntryLots.lotId, amount: ledgerEntryLots.amount })
      .from(ledgerEntryLots)
      .where(and(eq(ledgerEntryLots.merchantId, merchantId), eq(ledgerEntryLots.entryId, original.id)));
    return {
      kind: "reversal",
      amount: -original.amount,
      debtChange: 0,
      shortfall: 0,
      balanceAfter: account.balance - original.amount,
      earned: 0,
      lotChanges: links.map((link) => ({ lotId: link.lotId, amount: -link.amount })),
      reversesEntryId: original.id,
    };
  });
}
