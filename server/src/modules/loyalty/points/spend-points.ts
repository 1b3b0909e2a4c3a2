import type { Tx } from "../../../db/tenant.js";
import type { Actor } from "../../audit/record-audit.js";
import { debitWallet } from "../ledger/debit-wallet.js";
import type { LedgerReason, LedgerResult } from "../ledger/ledger-types.js";

export type SpendPointsInput = {
  customerId: string;
  points: number;
  idempotencyKey: string;
  requestHash?: string | null;
  reason: LedgerReason;
  source: string;
  sourceRef?: string | null;
  actor: Actor;
  now?: Date;
  kind?: "spend" | "adjust";
};

/** Spends released, unexpired points, oldest expiry first; insufficient_balance writes nothing. */
export function spendPoints(tx: Tx, merchantId: string, input: SpendPointsInput): Promise<LedgerResult> {
  return debitWallet(tx, merchantId, {
    ...input,
    wallet: "points",
    kind: input.kind ?? "spend",
    amount: input.points,
    drawOrder: "expiry_first",
  });
}
