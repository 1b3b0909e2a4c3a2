import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { transferWallet } from "./ledger/transfer-wallet.js";
import { reevaluateLevelFor } from "./levels/reevaluate-level.js";

/**
 * A merged-away customer's loyalty becomes the kept customer's: points and stored value lot by lot
 * (expiry dates and pending periods carry over), top-ups (so they can still be refunded), mall
 * exchanges (their codes stay valid and count towards the kept customer's limits), check-ins on
 * days the kept customer has none, and the new-member gift when the kept customer has none (so
 * neither gets a second one). Then the kept customer's level is re-evaluated upwards.
 */
export async function mergeLoyalty(
  tx: Tx,
  merchantId: string,
  duplicateId: string,
  keptId: string,
  source: string,
): Promise<void> {
  const actor = { kind: "system", name: "customer merge" } as const;
  for (const wallet of ["points", "stored_value"] as const) {
    await transferWallet(tx, merchantId, {
      fromCustomerId: duplicateId,
      toCustomerId: keptId,
      wallet,
      actor,
      source,
    });
  }
  const move = (table: string) =>
    tx.execute(sql`update ${sql.identifier(table)} set customer_id = ${keptId}
      where merchant_id = ${merchantId} and customer_id = ${duplicateId}`);
  await move("stored_value_topups");
  await move("mall_exchanges");
  await tx.execute(sql`update checkins d set customer_id = ${keptId}
    where d.merchant_id = ${merchantId} and d.customer_id = ${duplicateId}
      and not exists (select 1 from checkins k where k.merchant_id = ${merchantId}
                        and k.customer_id = ${keptId} and k.local_date = d.local_date)`);
  await tx.execute(sql`update welcome_gifts set customer_id = ${keptId}
    where merchant_id = ${merchantId} and customer_id = ${duplicateId}
      and not exists (select 1 from welcome_gifts where merchant_id = ${merchantId} and customer_id = ${keptId})`);
  await reevaluateLevelFor(tx, merchantId, keptId, { reason: "merge", actor });
}
