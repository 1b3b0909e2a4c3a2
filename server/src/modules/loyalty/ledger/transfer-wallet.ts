import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";
import type { Actor } from "../../audit/record-audit.js";
import { lockWalletAccount } from "./ledger-state.js";
import type { Wallet } from "./tables.js";
import { writeEntry } from "./write-entry.js";

/**
 * Moves everything one customer's wallet holds to another's (a customer merge): every lot with
 * something left, pending or expiring, keeps its amount and dates and changes owner, and the debt
 * goes with them. Written as a `transfer` entry out of one account and one into the other, each
 * linked to the lots, so both ledgers stay whole. Locks the two accounts in id order.
 */
export async function transferWallet(
  tx: Tx,
  merchantId: string,
  move: {
    fromCustomerId: string;
    toCustomerId: string;
    wallet: Wallet;
    actor: Actor;
    source: string;
    now?: Date;
  },
): Promise<number> {
  const { fromCustomerId, toCustomerId, wallet } = move;
  const [first, second] = [fromCustomerId, toCustomerId].sort();
  const locked = new Map([
    [first!, await lockWalletAccount(tx, merchantId, first!, wallet)],
    [second!, await lockWalletAccount(tx, merchantId, second!, wallet)],
  ]);
  const from = locked.get(fromCustomerId)!;
  const to = locked.get(toCustomerId)!;
  const lots = rowsOf<{ id: string; remaining: string | number }>(
    await tx.execute(sql`select id, remaining from ledger_lots
      where merchant_id = ${merchantId} and customer_id = ${fromCustomerId} and wallet = ${wallet} and remaining > 0
      order by id`),
  ).map((lot) => ({ lotId: lot.id, amount: Number(lot.remaining) }));
  if (lots.length === 0 && from.debt === 0) return 0;
  const held = lots.reduce((sum, lot) => sum + lot.amount, 0);
  const at = move.now ?? new Date();
  const base = { wallet, reason: { code: "customer_merge" }, source: move.source, actor: move.actor };
  await writeEntry(tx, merchantId, {
    mutation: {
      ...base,
      customerId: fromCustomerId,
      idempotencyKey: `merge-out:${fromCustomerId}:${toCustomerId}`,
      sourceRef: toCustomerId,
    },
    kind: "transfer",
    amount: -from.balance,
    debtChange: -from.debt,
    shortfall: 0,
    balanceAfter: 0,
    earned: -from.lifetimeEarned,
    lotChanges: lots.map((lot) => ({ lotId: lot.lotId, amount: -lot.amount })),
    at,
  });
  if (lots.length > 0) {
    await tx.execute(sql`update ledger_lots set customer_id = ${toCustomerId}
      where merchant_id = ${merchantId} and id = any(${uuidArrayLiteral(lots.map((lot) => lot.lotId))}::uuid[])`);
  }
  await writeEntry(tx, merchantId, {
    mutation: {
      ...base,
      customerId: toCustomerId,
      idempotencyKey: `merge-in:${fromCustomerId}:${toCustomerId}`,
      sourceRef: fromCustomerId,
    },
    kind: "transfer",
    amount: from.balance,
    debtChange: from.debt,
    shortfall: 0,
    balanceAfter: to.balance + from.balance,
    earned: from.lifetimeEarned,
    lotChanges: lots,
    at,
  });
  return held;
}
