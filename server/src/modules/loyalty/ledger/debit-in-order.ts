import { sql } from "drizzle-orm";
import { executeWithCachedPlan } from "../../../db/prepared.js";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { describeActor } from "../../audit/record-audit.js";
import { assertSameRequest, entryView } from "./entry-view.js";
import {
  type AccountRow,
  accountOf,
  type EntryJson,
  entryFromJson,
  type LotRow,
  lockWalletAccount,
  lotOf,
} from "./ledger-state.js";
import type { DebitInput, LedgerResult } from "./ledger-types.js";
import { summariseBalance } from "./wallet-balance.js";

type DebitOutcome =
  | { status: "no_account" }
  | { status: "insufficient"; available: number }
  | { status: "replayed" | "written"; entry: EntryJson; account: AccountRow; lots: LotRow[] };

function callDebit(
  tx: Tx,
  merchantId: string,
  input: DebitInput & { drawOrder: "expiry_first" | "principal_first" },
  at: Date,
) {
  const actor = describeActor(input.actor);
  return executeWithCachedPlan(
    tx,
    sql`select ledger_debit_in_order(${merchantId}::uuid, ${input.customerId}::uuid, ${input.wallet}::text,
      ${input.kind}::text, ${input.amount}::bigint, ${input.drawOrder}::text, ${input.idempotencyKey}::text,
      ${input.requestHash ?? null}::text, ${input.reason.code}::text, ${input.reason.note ?? null}::text,
      ${input.source}::text, ${input.sourceRef ?? null}::text, ${actor.actorType}::text, ${actor.actorId}::text,
      ${actor.actorName}::text, ${at.toISOString()}::timestamptz) as outcome`,
  );
}

/**
 * A debit in drawing order (oldest expiry first, or principal before bonus) through the database
 * function `ledger_debit_in_order` (migration 0021): the same rules as runMutation with planDraws,
 * in one round trip. Refuses with insufficient_balance and writes nothing when the balance is short.
 */
export async function debitInOrder(
  tx: Tx,
  merchantId: string,
  input: DebitInput & { drawOrder: "expiry_first" | "principal_first" },
): Promise<LedgerResult> {
  const at = input.now ?? new Date();
  let [row] = rowsOf<{ outcome: DebitOutcome }>(await callDebit(tx, merchantId, input, at));
  if (row?.outcome.status === "no_account") {
    await lockWalletAccount(tx, merchantId, input.customerId, input.wallet);
    [row] = rowsOf<{ outcome: DebitOutcome }>(await callDebit(tx, merchantId, input, at));
  }
  const outcome = row!.outcome;
  if (outcome.status === "no_account") throw new AppError("internal", "The wallet account was not created");
  if (outcome.status === "insufficient") {
    throw new AppError("insufficient_balance", `Only ${outcome.available} available, ${input.amount} asked`, {
      available: outcome.available,
      requested: input.amount,
    });
  }
  const entry = entryFromJson(outcome.entry);
  if (outcome.status === "replayed") assertSameRequest(entry, input);
  return {
    entry: entryView(entry),
    replayed: outcome.status === "replayed",
    balance: summariseBalance(accountOf(outcome.account), outcome.lots.map(lotOf), at),
  };
}
