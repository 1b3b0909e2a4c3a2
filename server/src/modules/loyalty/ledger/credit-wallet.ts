import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { CreditInput, LedgerResult } from "./ledger-types.js";
import { runMutation } from "./run-mutation.js";

/**
 * Adds to a wallet: a new lot of `amount`, which first repays any debt a claw-back left. The entry
 * changes the balance by the whole amount; the lot keeps what is left after the repayment.
 */
export function creditWallet(tx: Tx, merchantId: string, input: CreditInput): Promise<LedgerResult> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new AppError("validation_failed", "amount must be a positive whole number", { field: "amount" });
  }
  return runMutation(tx, merchantId, input, (account) => {
    const repaid = Math.min(account.debt, input.amount);
    return {
      kind: input.kind,
      amount: input.amount,
      debtChange: -repaid,
      shortfall: 0,
      balanceAfter: account.balance + input.amount,
      earned: input.countsAsEarned === false ? 0 : input.amount,
      lotChanges: [],
      newLot: {
        kind: input.lotKind ?? "earned",
        amount: input.amount,
        remaining: input.amount - repaid,
        pendingUntil: input.pendingUntil ?? null,
        expiresAt: input.expiresAt ?? null,
      },
    };
  });
}
