import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { Actor } from "../../audit/record-audit.js";
import { getEntry } from "./entry-view.js";
import type { LedgerReason, LedgerResult } from "./ledger-types.js";
import type { Draw } from "./plan-draws.js";
import { runMutation } from "./run-mutation.js";

export type ReverseInput = {
  entryId: string;
  idempotencyKey: string;
  reason: LedgerReason;
  source: string;
  actor: Actor;
  /** Give back only this much (a partial refund); by default all that is not yet given back. */
  amount?: number;
  now?: Date;
};

const reversibleKinds = new Set(["spend", "adjust", "withdraw"]);

/** What is still owed back to each lot the entry drew from, after earlier reversals. */
async function unreversedDraws(tx: Tx, merchantId: string, entryId: string): Promise<Draw[]> {
  const rows = rowsOf<{ lot_id: string; owed: string | number }>(
    await tx.execute(sql`select taken.lot_id, -taken.amount - coalesce(back.amount, 0) as owed
      from ledger_entry_lots taken
      left join (select l.lot_id, sum(l.amount) as amount
                   from ledger_entries e
                   join ledger_entry_lots l on l.merchant_id = e.merchant_id and l.entry_id = e.id
                  where e.merchant_id = ${merchantId} and e.reverses_entry_id = ${entryId}
                  group by l.lot_id) back on back.lot_id = taken.lot_id
     where taken.merchant_id = ${merchantId} and taken.entry_id = ${entryId}
     order by taken.lot_id`),
  );
  return rows.map((row) => ({ lotId: row.lot_id, amount: Number(row.owed) })).filter((d) => d.amount > 0);
}

/** Splits `amount` across what each lot is owed, in proportion, largest remainders first. */
function shareOut(owed: Draw[], amount: number): Draw[] {
  const total = owed.reduce((sum, d) => sum + d.amount, 0);
  const exact = owed.map((d) => (d.amount * amount) / total);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((sum, s) => sum + s, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return owed.map((d, i) => ({ lotId: d.lotId, amount: shares[i]! })).filter((d) => d.amount > 0);
}

/**
 * Gives back what a debit took, to the same lots (so points keep their original expiry; points whose
 * lot has expired meanwhile are written off by the next expiry run): all of it, or part of it spread
 * over its lots in proportion. Never more than was taken, however many reversals there are.
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
    requestHash: `reverse:${original.id}:${input.amount ?? "all"}`,
    reason: input.reason,
    source: input.source,
    sourceRef: original.sourceRef,
    actor: input.actor,
    now: input.now,
  };
  return runMutation(tx, merchantId, mutation, async (account) => {
    const owed = await unreversedDraws(tx, merchantId, original.id);
    const outstanding = owed.reduce((sum, d) => sum + d.amount, 0);
    if (outstanding === 0) throw new AppError("already_done", "This entry was already given back in full");
    const amount = input.amount ?? outstanding;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > outstanding) {
      throw new AppError("unprocessable", `At most ${outstanding} can still be given back`, {
        field: "amount",
        outstanding,
      });
    }
    return {
      kind: "reversal",
      amount,
      debtChange: 0,
      shortfall: 0,
      balanceAfter: account.balance + amount,
      earned: 0,
      lotChanges: shareOut(owed, amount),
      reversesEntryId: original.id,
    };
  });
}
