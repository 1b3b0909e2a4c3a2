import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";

/**
 * `select customer_id, amount` rows whose sum per customer is the points they earned: the points
 * wallet's lifetime earnings (since null), or its `earn` entries created since a moment. Reads
 * the ledger's tables read-only; the ledger module keeps them.
 */
export function pointsEarnedRowsSql(
  merchantId: string,
  options: { since: Date | null; customerIds?: readonly string[] },
): SQL {
  const ids = options.customerIds ? uuidArrayLiteral(options.customerIds) : null;
  if (!options.since) {
    return sql`select w.customer_id, w.lifetime_earned as amount from wallet_accounts w
      where w.merchant_id = ${merchantId} and w.wallet = 'points'
        ${ids ? sql`and w.customer_id = any(${ids}::uuid[])` : sql``}`;
  }
  return sql`select e.customer_id, e.amount from ledger_entries e
    where e.merchant_id = ${merchantId} and e.wallet = 'points' and e.kind = 'earn'
      and e.created_at >= ${options.since.toISOString()}::timestamptz
      ${ids ? sql`and e.customer_id = any(${ids}::uuid[])` : sql``}`;
}

/** Points one customer earned over their lifetime (since null) or since a moment. */
export async function readPointsEarned(
  tx: Tx,
  merchantId: string,
  customerId: string,
  since: Date | null,
): Promise<number> {
  const rows = rowsOf<{ amount: string | number }>(
    await tx.execute(sql`select coalesce(sum(p.amount), 0)::bigint as amount
      from (${pointsEarnedRowsSql(merchantId, { since, customerIds: [customerId] })}) p`),
  );
  return Number(rows[0]?.amount ?? 0);
}
