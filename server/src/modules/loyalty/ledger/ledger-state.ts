import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { OpenLot } from "./plan-draws.js";
import type { Wallet } from "./tables.js";

export type LockedAccount = { balance: number; debt: number; lifetimeEarned: number };

type AccountRow = { balance: string | number; debt: string | number; lifetime_earned: string | number };

const accountOf = (row: AccountRow): LockedAccount => ({
  balance: Number(row.balance),
  debt: Number(row.debt),
  lifetimeEarned: Number(row.lifetime_earned),
});

/**
 * Locks the customer's wallet account row until the transaction ends, creating it on first use.
 * Every mutation of a wallet takes this lock first, so mutations of one wallet run one at a time
 * and each reads the lots only after the previous one committed.
 */
export async function lockWalletAccount(
  tx: Tx,
  merchantId: string,
  customerId: string,
  wallet: Wallet,
): Promise<LockedAccount> {
  const lockExisting = async () =>
    rowsOf<AccountRow>(
      await tx.execute(sql`select balance, debt, lifetime_earned from wallet_accounts
        where merchant_id = ${merchantId} and customer_id = ${customerId} and wallet = ${wallet}
        for update`),
    )[0];
  const existing = await lockExisting();
  if (existing) return accountOf(existing);
  await tx.execute(sql`insert into wallet_accounts (merchant_id, customer_id, wallet)
    select ${merchantId}, ${customerId}, ${wallet}
     where exists (select 1 from customers where merchant_id = ${merchantId} and id = ${customerId})
    on conflict do nothing`);
  const created = await lockExisting();
  if (!created) throw notFound("Customer");
  return accountOf(created);
}

type LotRow = {
  id: string;
  kind: OpenLot["kind"];
  remaining: string | number;
  source_ref: string | null;
  pending_until: string | Date | null;
  expires_at: string | Date | null;
};

const dateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value));

/** The wallet's lots with something left that have not expired at `now`, oldest expiry first. */
export async function readOpenLots(
  tx: Tx,
  merchantId: string,
  customerId: string,
  wallet: Wallet,
  now: Date,
): Promise<OpenLot[]> {
  const rows = rowsOf<LotRow>(
    await tx.execute(sql`select id, kind, remaining, source_ref, pending_until, expires_at
      from ledger_lots
     where merchant_id = ${merchantId} and customer_id = ${customerId} and wallet = ${wallet}
       and remaining > 0 and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz)
     order by expires_at nulls last, created_at, id`),
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    remaining: Number(row.remaining),
    sourceRef: row.source_ref,
    pendingUntil: dateOrNull(row.pending_until),
    expiresAt: dateOrNull(row.expires_at),
  }));
}
