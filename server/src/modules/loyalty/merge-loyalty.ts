import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { transferWallet } from "./ledger/transfer-wallet.js";
import { storedValueTopups } from "./stored-value/tables.js";

/**
 * A merged-away customer's points and stored value become the kept customer's, lot by lot (so
 * expiry dates and pending periods carry over), and its top-ups follow so they can still be refunded.
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
  await tx
    .update(storedValueTopups)
    .set({ customerId: keptId })
    .where(and(eq(storedValueTopups.merchantId, merchantId), eq(storedValueTopups.customerId, duplicateId)));
}
