import { sql } from "drizzle-orm";
import { useBulkWorkMem } from "../../../db/bulk-memory.js";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";

export type LedgerViolation = {
  check: string;
  customerId: string | null;
  wallet: string | null;
  detail: string;
};

/**
 * Each invariant as a query returning the rows that break it. The balance is the ledger's sum;
 * the lots hold what the entries put in and took out; debt is only ever what claw-backs left.
 */
const checks: { name: string; query: (merchantId: string) => ReturnType<typeof sql> }[] = [
  {
    name: "balance_equals_entries",
    query: (m) => sql`select a.customer_id, a.wallet,
        'balance ' || a.balance || ' but entries sum to ' || coalesce(e.total, 0) as detail
      from wallet_accounts a
      left join (select customer_id, wallet, sum(amount) as total from ledger_entries
                  where merchant_id = ${m} group by customer_id, wallet) e using (customer_id, wallet)
     where a.merchant_id = ${m} and a.balance <> coalesce(e.total, 0)`,
  },
  {
    name: "balance_equals_lots_minus_debt",
    query: (m) => sql`select a.customer_id, a.wallet,
        'balance ' || a.balance || ' but lots hold ' || coalesce(l.total, 0) || ' and debt is ' || a.debt as detail
      from wallet_accounts a
      left join (select customer_id, wallet, sum(remaining) as total from ledger_lots
                  where merchant_id = ${m} group by customer_id, wallet) l using (customer_id, wallet)
     where a.merchant_id = ${m} and a.balance <> coalesce(l.total, 0) - a.debt`,
  },
  {
    name: "debt_equals_entries",
    query: (m) => sql`select a.customer_id, a.wallet,
        'debt ' || a.debt || ' but entries changed it by ' || coalesce(e.total, 0) as detail
      from wallet_accounts a
      left join (select customer_id, wallet, sum(debt_change) as total from ledger_entries
                  where merchant_id = ${m} group by customer_id, wallet) e using (customer_id, wallet)
     where a.merchant_id = ${m} and a.debt <> coalesce(e.total, 0)`,
  },
  {
    name: "lot_equals_links",
    query: (m) => sql`select l.customer_id, l.wallet,
        'lot ' || l.id || ' holds ' || l.remaining || ' but its links sum to ' || coalesce(k.total, 0) as detail
      from ledger_lots l
      left join (select lot_id, sum(amount) as total from ledger_entry_lots
                  where merchant_id = ${m} group by lot_id) k on k.lot_id = l.id
     where l.merchant_id = ${m} and l.remaining <> coalesce(k.total, 0)`,
  },
  {
    name: "entry_equals_links",
    query: (m) => sql`select e.customer_id, e.wallet,
        'entry ' || e.id || ' is ' || e.amount || ' but its links sum to ' || coalesce(k.total, 0)
          || ' with debt change ' || e.debt_change as detail
      from ledger_entries e
      left join (select entry_id, sum(amount) as total from ledger_entry_lots
                  where merchant_id = ${m} group by entry_id) k on k.entry_id = e.id
     where e.merchant_id = ${m} and e.amount <> coalesce(k.total, 0) - e.debt_change`,
  },
  {
    name: "balance_after_matches",
    query: (m) => sql`select customer_id, wallet,
        'entry ' || id || ' says balance ' || balance_after || ' but the running sum is ' || running as detail
      from (select id, customer_id, wallet, balance_after,
                   sum(amount) over (partition by customer_id, wallet order by seq) as running
              from ledger_entries where merchant_id = ${m}) e
     where balance_after <> running`,
  },
];

/** Every invariant of the merchant's ledger; an empty list means it is whole. */
export async function checkLedger(
  tx: Tx,
  merchantId: string,
  limitPerCheck = 20,
): Promise<LedgerViolation[]> {
  const violations: LedgerViolation[] = [];
  await useBulkWorkMem(tx);
  for (const check of checks) {
    const rows = rowsOf<{ customer_id: string | null; wallet: string | null; detail: string }>(
      await tx.execute(sql`${check.query(merchantId)} limit ${limitPerCheck}`),
    );
    for (const row of rows) {
      violations.push({
        check: check.name,
        customerId: row.customer_id,
        wallet: row.wallet,
        detail: row.detail,
      });
    }
  }
  return violations;
}
