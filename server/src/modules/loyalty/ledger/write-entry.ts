import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { executeWithCachedPlan } from "../../../db/prepared.js";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";
import { describeActor } from "../../audit/record-audit.js";
import type { LedgerMutation } from "./ledger-types.js";
import type { Draw } from "./plan-draws.js";
import type { EntryKind, LotKind, ledgerEntries } from "./tables.js";

export type NewLot = {
  kind: LotKind;
  amount: number;
  /** What the lot keeps after repaying debt. */
  remaining: number;
  pendingUntil: Date | null;
  expiresAt: Date | null;
};

export type EntryWrite = {
  mutation: LedgerMutation;
  kind: EntryKind;
  amount: number;
  debtChange: number;
  shortfall: number;
  balanceAfter: number;
  earned: number;
  /** Signed changes to existing lots (negative takes, positive gives back). */
  lotChanges: Draw[];
  newLot?: NewLot;
  reversesEntryId?: string;
  at: Date;
};

type EntryRow = typeof ledgerEntries.$inferSelect;

function lotChangesSql(merchantId: string, entryId: string, changes: Draw[]): SQL[] {
  if (changes.length === 0) return [];
  const ids = uuidArrayLiteral(changes.map((c) => c.lotId));
  const amounts = `{${changes.map((c) => c.amount).join(",")}}`;
  return [
    sql`changes as (select * from unnest(${ids}::uuid[], ${amounts}::bigint[]) as c(lot_id, amount))`,
    sql`changed_lots as (update ledger_lots l set remaining = l.remaining + c.amount from changes c
      where l.merchant_id = ${merchantId} and l.id = any(${ids}::uuid[]) and l.id = c.lot_id)`,
    sql`change_links as (insert into ledger_entry_lots (merchant_id, entry_id, lot_id, amount)
      select ${merchantId}, ${entryId}, lot_id, amount from changes)`,
  ];
}

function newLotSql(merchantId: string, entryId: string, write: EntryWrite, lot: NewLot): SQL[] {
  const lotId = randomUUID();
  const { mutation } = write;
  const parts = [
    sql`new_lot as (insert into ledger_lots (merchant_id, id, customer_id, wallet, kind, entry_id, amount,
      remaining, source, source_ref, pending_until, expires_at, created_at)
      values (${merchantId}, ${lotId}, ${mutation.customerId}, ${mutation.wallet}, ${lot.kind}, ${entryId},
      ${lot.amount}, ${lot.remaining}, ${mutation.source}, ${mutation.sourceRef ?? null},
      ${lot.pendingUntil?.toISOString() ?? null}::timestamptz, ${lot.expiresAt?.toISOString() ?? null}::timestamptz,
      ${write.at.toISOString()}::timestamptz))`,
  ];
  if (lot.remaining > 0) {
    parts.push(sql`new_lot_link as (insert into ledger_entry_lots (merchant_id, entry_id, lot_id, amount)
      values (${merchantId}, ${entryId}, ${lotId}, ${lot.remaining}))`);
  }
  return parts;
}

/**
 * Writes one ledger entry with everything it implies, in a single statement: the entry, the lot it
 * creates or the lots it changes, their links, and the account's cached balance. The caller holds
 * the account lock and has planned the amounts.
 */
export async function writeEntry(tx: Tx, merchantId: string, write: EntryWrite): Promise<EntryRow> {
  const entryId = randomUUID();
  const { mutation } = write;
  const actor = describeActor(mutation.actor);
  const row: Omit<EntryRow, "seq"> = {
    merchantId,
    id: entryId,
    customerId: mutation.customerId,
    wallet: mutation.wallet,
    kind: write.kind,
    amount: write.amount,
    debtChange: write.debtChange,
    shortfall: write.shortfall,
    balanceAfter: write.balanceAfter,
    idempotencyKey: mutation.idempotencyKey,
    requestHash: mutation.requestHash ?? null,
    reasonCode: mutation.reason.code,
    note: mutation.reason.note ?? null,
    source: mutation.source,
    sourceRef: mutation.sourceRef ?? null,
    reversesEntryId: write.reversesEntryId ?? null,
    actorType: actor.actorType,
    actorId: actor.actorId,
    actorName: actor.actorName,
    createdAt: write.at,
  };
  const parts = [
    ...(write.newLot ? newLotSql(merchantId, entryId, write, write.newLot) : []),
    ...lotChangesSql(merchantId, entryId, write.lotChanges),
    sql`account as (update wallet_accounts set balance = balance + ${write.amount},
      debt = debt + ${write.debtChange}, lifetime_earned = lifetime_earned + ${write.earned}, updated_at = now()
      where merchant_id = ${merchantId} and customer_id = ${mutation.customerId} and wallet = ${mutation.wallet})`,
  ];
  const [written] = rowsOf<{ seq: string | number }>(
    await executeWithCachedPlan(
      tx,
      sql`with ${sql.join(parts, sql`, `)}
    insert into ledger_entries (merchant_id, id, customer_id, wallet, kind, amount, debt_change, shortfall,
      balance_after, idempotency_key, request_hash, reason_code, note, source, source_ref, reverses_entry_id,
      actor_type, actor_id, actor_name, created_at)
    values (${merchantId}, ${entryId}, ${row.customerId}, ${row.wallet}, ${row.kind}, ${row.amount},
      ${row.debtChange}, ${row.shortfall}, ${row.balanceAfter}, ${row.idempotencyKey}, ${row.requestHash},
      ${row.reasonCode}, ${row.note}, ${row.source}, ${row.sourceRef}, ${row.reversesEntryId},
      ${row.actorType}, ${row.actorId}, ${row.actorName}, ${write.at.toISOString()}::timestamptz)
    returning seq`,
    ),
  );
  return { ...row, seq: Number(written?.seq) };
}
