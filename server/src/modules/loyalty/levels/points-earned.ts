import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";

/**
 * Points each customer earned, as a LEFT JOIN on `c` (customers) exposing `points_earned.amount`:
 * the points wallet's lifetime earnings, or the sum of its `earn` entries since a moment. Reads
 * the ledger's tables read-only; the ledger module keeps them.
 */
export function pointsEarnedJoinSql(
  merchantId: string,
  options: { since: Date | null; customerIds?: readonly string[] },
): SQL {
  if (!options.since) {
    return sql`left join (select w.customer_id, w.lifetime_earned as amount from wallet_accounts w
      where w.merchant_id = ${merchantId} and w.wallet = 'points') points_earned on points_earned.customer_id = c.id`;
  }
  const scope = options.customerIds
    ? sql`and e.customer_id = any(${uuidArrayLiteral(options.customerIds)}::uuid[])`
    : sql``;
  return sql`left join (select e.customer_id, sum(e.amount) as amount from ledger_entries e
      where e.merchant_id = ${merchantId} and e.wallet = 'points' and e.kind = 'earn'
        and e.created_at >= ${options.since.toISOString()}::timestamptz ${scope}
      group by e.customer_id) points_earned on points_earned.customer_id = c.id`;
}

/** Points one customer earned over their lifetime (since null) or since a moment. */
export async function readPointsEarned(
  tx: Tx,
  merchantId: string,
  customerId: string,
  since: Date | null,
): Promise<number> {
  const rows = rowsOf<{ amount: string | number | null }>(
    await tx.execute(sql`select coalesce(points_earned.amount, 0)::bigint as amount
      from customers c ${pointsEarnedJoinSql(merchantId, { since, customerIds: [customerId] })}
     where c.merchant_id = ${merchantId} and c.id = ${customerId}`),
  );
  return Number(rows[0]?.amount ?? 0);
}
