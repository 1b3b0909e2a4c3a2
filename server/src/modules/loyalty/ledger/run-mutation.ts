import type { Tx } from "../../../db/tenant.js";
import { assertSameRequest, entryView } from "./entry-view.js";
import { type LockedAccount, lockAndReadLedger, readOpenLots } from "./ledger-state.js";
import type { LedgerMutation, LedgerResult } from "./ledger-types.js";
import type { OpenLot } from "./plan-draws.js";
import { summariseBalance } from "./wallet-balance.js";
import { type EntryWrite, writeEntry } from "./write-entry.js";

export type MutationPlan = Omit<EntryWrite, "mutation" | "at">;

/** Applies a planned entry's lot changes to the lots the plan was made from. */
function lotsAfter(lots: OpenLot[], plan: MutationPlan): OpenLot[] {
  const change = new Map(plan.lotChanges.map((c) => [c.lotId, c.amount]));
  const updated = lots.map((lot) => ({ ...lot, remaining: lot.remaining + (change.get(lot.id) ?? 0) }));
  const lot = plan.newLot;
  if (!lot) return updated;
  return [
    ...updated,
    {
      id: "new",
      kind: lot.kind,
      remaining: lot.remaining,
      sourceRef: null,
      pendingUntil: lot.pendingUntil,
      expiresAt: lot.expiresAt,
    },
  ];
}

/**
 * The one path every wallet mutation takes: lock the account, answer a replayed idempotency key
 * with the first result, read the open lots, let `plan` decide the entry (or refuse by throwing,
 * which writes nothing), write it, and report the balance after it.
 */
export async function runMutation(
  tx: Tx,
  merchantId: string,
  mutation: LedgerMutation,
  plan: (account: LockedAccount, lots: OpenLot[], now: Date) => MutationPlan | Promise<MutationPlan>,
): Promise<LedgerResult> {
  const now = mutation.now ?? new Date();
  const { customerId, wallet } = mutation;
  const { account, keyed, lots } = await lockAndReadLedger(tx, merchantId, mutation, now);
  if (keyed) {
    assertSameRequest(keyed, mutation);
    return { entry: entryView(keyed), replayed: true, balance: summariseBalance(account, lots, now) };
  }
  const planned = await plan(account, lots, now);
  const entry = await writeEntry(tx, merchantId, { ...planned, mutation, at: now });
  const after: LockedAccount = {
    balance: account.balance + planned.amount,
    debt: account.debt + planned.debtChange,
    lifetimeEarned: account.lifetimeEarned + planned.earned,
  };
  // A reversal may give back to lots that were empty or expired, which the read did not return.
  const known = new Set(lots.map((lot) => lot.id));
  const lotsNow = planned.lotChanges.every((change) => known.has(change.lotId))
    ? lotsAfter(lots, planned)
    : await readOpenLots(tx, merchantId, customerId, wallet, now);
  return { entry: entryView(entry), replayed: false, balance: summariseBalance(after, lotsNow, now) };
}
