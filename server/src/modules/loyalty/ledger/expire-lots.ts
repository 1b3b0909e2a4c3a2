import { sql } from "drizzle-orm";
import { useBulkWorkMem } from "../../../db/bulk-memory.js";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";

/** Accounts expired per transaction: keeps each transaction's locks and memory bounded. */
export const expiryBatchAccounts = 50_000;

/** Batches expired side by side on PostgreSQL. */
export const expiryWorkers = 2;

type LockedKey = { customer_id: string; wallet: string };

/**
 * Locks a batch of accounts holding lots due to expire. SKIP LOCKED: an account busy with a spend
 * is left for the next run instead of waiting (so the job never deadlocks with a spend).
 */
async function lockDueAccounts(tx: Tx, merchantId: string, now: Date, limit: number): Promise<LockedKey[]> {
  return rowsOf<LockedKey>(
    await tx.execute(sql`select a.customer_id, a.wallet from wallet_accounts a
      where a.merchant_id = ${merchantId}
        and (a.customer_id, a.wallet) in (select customer_id, wallet from ledger_lots
              where merchant_id = ${merchantId} and remaining > 0 and expires_at <= ${now.toISOString()}::timestamptz)
      order by a.customer_id, a.wallet
      limit ${limit}
      for update of a skip locked`),
  );
}

/**
 * Writes off the due lots of the locked accounts in one statement: each lot goes to zero, each
 * account gets one `expire` entry linked to its lots, and its balance drops by the same amount.
 * Runs in a statement of its own after the locks, so it reads the lots as the last spend left them.
 */
async function expireLockedAccounts(tx: Tx, merchantId: string, keys: LockedKey[], now: Date) {
  const customers = uuidArrayLiteral(keys.map((k) => k.customer_id));
  const wallets = `{${keys.map((k) => k.wallet).join(",")}}`;
  const at = now.toISOString();
  const [row] = rowsOf<{ entries: number; points: string | number | null }>(
    await tx.execute(sql`with locked as (
        select * from unnest(${customers}::uuid[], ${wallets}::text[]) as l(customer_id, wallet)
      ), due as materialized (
        select lot.id, lot.customer_id, lot.wallet, lot.remaining
          from ledger_lots lot join locked using (customer_id, wallet)
         where lot.merchant_id = ${merchantId} and lot.remaining > 0 and lot.expires_at <= ${at}::timestamptz
      ), sums as materialized (
        select customer_id, wallet, sum(remaining)::bigint as total, gen_random_uuid() as entry_id
          from due group by customer_id, wallet
      ), zeroed as (
        update ledger_lots l set remaining = 0 from due where l.merchant_id = ${merchantId} and l.id = due.id
      ), links as (
        insert into ledger_entry_lots (merchant_id, entry_id, lot_id, amount)
        select ${merchantId}, s.entry_id, due.id, -due.remaining from due join sums s using (customer_id, wallet)
      ), accounts as (
        update wallet_accounts a set balance = a.balance - s.total, updated_at = now() from sums s
         where a.merchant_id = ${merchantId} and a.customer_id = s.customer_id and a.wallet = s.wallet
        returning a.customer_id, a.wallet, a.balance
      ), entries as (
        insert into ledger_entries (merchant_id, id, customer_id, wallet, kind, amount, balance_after,
          idempotency_key, reason_code, source, actor_type, actor_name, created_at)
        select ${merchantId}, s.entry_id, s.customer_id, s.wallet, 'expire', -s.total, a.balance,
          'expire:' || s.entry_id, 'expiry', 'system', 'system', 'ledger.expire', ${at}::timestamptz
          from sums s join accounts a using (customer_id, wallet)
        returning amount
      )
      select count(*)::int as entries, -sum(amount) as points from entries`),
  );
  return { entries: row?.entries ?? 0, amount: Number(row?.points ?? 0) };
}

/** Locks and writes off batches of due accounts until none are left for this worker. */
async function expireUntilDone(database: Database, merchantId: string, now: Date, batchAccounts: number) {
  let accounts = 0;
  let amount = 0;
  for (;;) {
    const batch = await withMerchant(database, merchantId, async (tx) => {
      await useBulkWorkMem(tx);
      const keys = await lockDueAccounts(tx, merchantId, now, batchAccounts);
      if (keys.length === 0) return { locked: 0, expired: 0, amount: 0 };
      const expired = await expireLockedAccounts(tx, merchantId, keys, now);
      return { locked: keys.length, expired: expired.entries, amount: expired.amount };
    });
    // A worker may lock an account another one has just expired (its read of the due lots was older
    // than that commit); it writes nothing for it, so accounts counts the entries written.
    accounts += batch.expired;
    amount += batch.amount;
    if (batch.locked < batchAccounts) return { accounts, amount };
  }
}

/**
 * Expires every lot of the merchant due at `now`, batch by batch. On PostgreSQL two workers run
 * batches side by side (SKIP LOCKED hands them disjoint accounts), so a large expiry uses two cores;
 * PGlite has one connection and runs one. Safe to run twice or in parallel.
 */
export async function expireDueLots(
  database: Database,
  merchantId: string,
  now: Date,
  batchAccounts = expiryBatchAccounts,
  workers = database.pool ? expiryWorkers : 1,
): Promise<{ accounts: number; amount: number }> {
  const done = await Promise.all(
    Array.from({ length: workers }, () => expireUntilDone(database, merchantId, now, batchAccounts)),
  );
  return {
    accounts: done.reduce((sum, d) => sum + d.accounts, 0),
    amount: done.reduce((sum, d) => sum + d.amount, 0),
  };
}
