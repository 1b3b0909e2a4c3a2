import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { debitInOrder } from "./debit-in-order.js";
import type { ClawbackInput, DebitInput, LedgerResult } from "./ledger-types.js";
import { isReleased, planDraws } from "./plan-draws.js";
import { runMutation } from "./run-mutation.js";

function assertPositive(amount: number) {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AppError("validation_failed", "amount must be a positive whole number", { field: "amount" });
  }
}

/**
 * Takes `amount` from the wallet's released, unexpired lots in the wallet's draw order, or refuses
 * with insufficient_balance and writes nothing. Never takes the balance below zero. Debits in plain
 * drawing order run as one database call (debit-in-order.ts); pro rata and lot-restricted debits
 * are planned here.
 */
export function debitWallet(tx: Tx, merchantId: string, input: DebitInput): Promise<LedgerResult> {
  assertPositive(input.amount);
  const drawOrder = input.drawOrder ?? "expiry_first";
  if (drawOrder !== "pro_rata" && !input.onlyLots)
    return debitInOrder(tx, merchantId, { ...input, drawOrder });
  return debitWalletByPlan(tx, merchantId, input);
}

/** debitWallet planned in TypeScript with planDraws: the specification the database function follows. */
export function debitWalletByPlan(tx: Tx, merchantId: string, input: DebitInput): Promise<LedgerResult> {
  assertPositive(input.amount);
  return runMutation(tx, merchantId, input, (account, lots, now) => {
    const usable = lots.filter(
      (lot) => isReleased(lot, now) && (!input.onlyLots || input.onlyLots.includes(lot.id)),
    );
    const { draws, shortfall } = planDraws(usable, input.amount, input.drawOrder ?? "expiry_first");
    const available = usable.reduce((sum, lot) => sum + lot.remaining, 0) - account.debt;
    if (shortfall > 0 || available < input.amount) {
      throw new AppError(
        "insufficient_balance",
        `Only ${Math.max(available, 0)} available, ${input.amount} asked`,
        {
          available: Math.max(available, 0),
          requested: input.amount,
        },
      );
    }
    return {
      kind: input.kind,
      amount: -input.amount,
      debtChange: 0,
      shortfall: 0,
      balanceAfter: account.balance - input.amount,
      earned: 0,
      lotChanges: draws.map((d) => ({ lotId: d.lotId, amount: -d.amount })),
    };
  });
}

/**
 * Takes back what a refunded source earned: first from the lots that source created (pending or
 * not), then from the other lots, oldest expiry first. What the lots cannot cover becomes debt when
 * the shop allows negative balances, otherwise it is recorded as the entry's shortfall.
 */
export function clawBack(tx: Tx, merchantId: string, input: ClawbackInput): Promise<LedgerResult> {
  assertPositive(input.amount);
  return runMutation(tx, merchantId, input, (account, lots) => {
    const ordered = [
      ...lots.filter((lot) => lot.sourceRef === input.fromSourceRef),
      ...lots.filter((lot) => lot.sourceRef !== input.fromSourceRef),
    ];
    const { draws, shortfall } = planDraws(ordered, input.amount, "expiry_first");
    const debt = input.allowNegative ? shortfall : 0;
    const taken = input.amount - shortfall;
    return {
      kind: "clawback",
      amount: -(taken + debt),
      debtChange: debt,
      shortfall: shortfall - debt,
      balanceAfter: account.balance - taken - debt,
      earned: 0,
      lotChanges: draws.map((d) => ({ lotId: d.lotId, amount: -d.amount })),
    };
  });
}
