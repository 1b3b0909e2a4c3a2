import { sql } from "drizzle-orm";
import { quoteLiteral, runBatch } from "../../../db/batch.js";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { isUuid } from "../../../lib/uuid-list.js";
import type { OpenLot } from "./plan-draws.js";
import { type ledgerEntries, type Wallet, wallets } from "./tables.js";

type EntryRow = typeof ledgerEntries.$inferSelect;

export type LockedAccount = { balance: number; debt: number; lifetimeEarned: number };

export type AccountRow = {
  balance: string | number;
  debt: string | number;
  lifetime_earned: string | number;
};

export const accountOf = (row: AccountRow): LockedAccount => ({
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

export type LotRow = {
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
  return rows.map(lotOf);
}

export const lotOf = (row: LotRow): OpenLot => ({
  id: row.id,
  kind: row.kind,
  remaining: Number(row.remaining),
  sourceRef: row.source_ref,
  pendingUntil: dateOrNull(row.pending_until),
  expiresAt: dateOrNull(row.expires_at),
});

export type LedgerState = {
  account: LockedAccount;
  /** The entry already written under the mutation's idempotency key, by anyone. */
  keyed: EntryRow | null;
  lots: OpenLot[];
};

export type EntryJson = Record<string, string | number | null>;

export function entryFromJson(json: EntryJson): EntryRow {
  const text = (key: string) => (json[key] == null ? null : String(json[key]));
  return {
    merchantId: String(json.merchant_id),
    id: String(json.id),
    seq: Number(json.seq),
    customerId: String(json.customer_id),
    wallet: json.wallet as EntryRow["wallet"],
    kind: json.kind as EntryRow["kind"],
    amount: Number(json.amount),
    debtChange: Number(json.debt_change),
    shortfall: Number(json.shortfall),
    balanceAfter: Number(json.balance_after),
    idempotencyKey: String(json.idempotency_key),
    requestHash: text("request_hash"),
    reasonCode: String(json.reason_code),
    note: text("note"),
    source: String(json.source),
    sourceRef: text("source_ref"),
    reversesEntryId: text("reverses_entry_id"),
    actorType: String(json.actor_type),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    createdAt: new Date(String(json.created_at)),
  };
}

function lockAndReadStatements(
  merchantId: string,
  customerId: string,
  wallet: Wallet,
  key: string,
  now: Date,
) {
  if (!isUuid(merchantId) || !isUuid(customerId) || !wallets.includes(wallet)) {
    throw new AppError("internal", "Ledger ids are not UUIDs");
  }
  const scope = `merchant_id = '${merchantId}' and customer_id = '${customerId}' and wallet = '${wallet}'`;
  return [
    `select balance, debt, lifetime_earned from wallet_accounts where ${scope} for update`,
    `select row_to_json(e) as entry from ledger_entries e
      where merchant_id = '${merchantId}' and wallet = '${wallet}' and idempotency_key = ${quoteLiteral(key)}`,
    `select id, kind, remaining, source_ref, pending_until, expires_at from ledger_lots
      where ${scope} and remaining > 0 and (expires_at is null or expires_at > '${now.toISOString()}'::timestamptz)
      order by expires_at nulls last, created_at, id`,
  ];
}

/**
 * Locks the wallet account and reads, after the lock, the entry under the idempotency key and the
 * open lots: one round trip on PostgreSQL (see runBatch). A first mutation creates the account and
 * reads again under the lock.
 */
export async function lockAndReadLedger(
  tx: Tx,
  merchantId: string,
  mutation: { customerId: string; wallet: Wallet; idempotencyKey: string },
  now: Date,
): Promise<LedgerState> {
  const { customerId, wallet, idempotencyKey } = mutation;
  const statements = lockAndReadStatements(merchantId, customerId, wallet, idempotencyKey, now);
  let [accounts, keyed, lots] = await runBatch(tx, statements);
  if (accounts?.length === 0) {
    await lockWalletAccount(tx, merchantId, customerId, wallet);
    [accounts, keyed, lots] = await runBatch(tx, statements);
  }
  const entry = keyed?.[0]?.entry as EntryJson | undefined;
  return {
    account: accountOf(accounts![0] as AccountRow),
    keyed: entry ? entryFromJson(entry) : null,
    lots: (lots as LotRow[]).map(lotOf),
  };
}
