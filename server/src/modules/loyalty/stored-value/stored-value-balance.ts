import type { Tx } from "../../../db/tenant.js";
import { readOpenLots } from "../ledger/ledger-state.js";
import type { WalletBalance } from "../ledger/ledger-types.js";
import { isReleased } from "../ledger/plan-draws.js";
import { readAccount, summariseBalance } from "../ledger/wallet-balance.js";

export type StoredValueBalance = WalletBalance & { principal: number; bonus: number };

/** The stored-value wallet with what is spendable split into the customer's money and the bonus. */
export async function storedValueBalance(
  tx: Tx,
  merchantId: string,
  customerId: string,
  now = new Date(),
): Promise<StoredValueBalance> {
  const account = await readAccount(tx, merchantId, customerId, "stored_value");
  const lots = await readOpenLots(tx, merchantId, customerId, "stored_value", now);
  let principal = 0;
  let bonus = 0;
  for (const lot of lots) {
    if (!isReleased(lot, now)) continue;
    if (lot.kind === "bonus") bonus += lot.remaining;
    else principal += lot.remaining;
  }
  return { ...summariseBalance(account, lots, now), principal, bonus };
}
