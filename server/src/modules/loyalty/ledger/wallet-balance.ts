import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { type LockedAccount, readOpenLots } from "./ledger-state.js";
import type { WalletBalance } from "./ledger-types.js";
import { isReleased, type OpenLot } from "./plan-draws.js";
import type { Wallet } from "./tables.js";

/** How far ahead members are warned about expiring points. */
export const expiringSoonDays = 30;
const dayMs = 86_400_000;

/**
 * The figures a member and staff see, from the account and its open lots. Lots past their expiry
 * that the hourly job has not written off yet are in `balance` (the ledger's sum) but not spendable.
 */
export function summariseBalance(account: LockedAccount, lots: OpenLot[], now: Date): WalletBalance {
  let released = 0;
  let pending = 0;
  const expiring = new Map<string, number>();
  const horizon = now.getTime() + expiringSoonDays * dayMs;
  for (const lot of lots) {
    if (lot.remaining <= 0) continue;
    if (isReleased(lot, now)) released += lot.remaining;
    else pending += lot.remaining;
    if (lot.expiresAt && lot.expiresAt.getTime() <= horizon) {
      const key = lot.expiresAt.toISOString();
      expiring.set(key, (expiring.get(key) ?? 0) + lot.remaining);
    }
  }
  return {
    balance: account.balance,
    available: released - account.debt,
    pending,
    debt: account.debt,
    lifetimeEarned: account.lifetimeEarned,
    expiringSoon: [...expiring].map(([expiresAt, amount]) => ({ expiresAt, amount })),
  };
}

/** A wallet's account without locking it (a customer with no account has an empty wallet). */
export async function readAccount(
  tx: Tx,
  merchantId: string,
  customerId: string,
  wallet: Wallet,
): Promise<LockedAccount> {
  const [row] = rowsOf<{ balance: string | number; debt: string | number; lifetime_earned: string | number }>(
    await tx.execute(sql`select balance, debt, lifetime_earned from wallet_accounts
      where merchant_id = ${merchantId} and customer_id = ${customerId} and wallet = ${wallet}`),
  );
  return row
    ? { balance: Number(row.balance), debt: Number(row.debt), lifetimeEarned: Number(row.lifetime_earned) }
    : { balance: 0, debt: 0, lifetimeEarned: 0 };
}

export async function walletBalance(
  tx: Tx,
  merchantId: string,
  customerId: string,
  wallet: Wallet,
  now = new Date(),
): Promise<WalletBalance> {
  const account = await readAccount(tx, merchantId, customerId, wallet);
  return summariseBalance(account, await readOpenLots(tx, merchantId, customerId, wallet, now), now);
}
