import type { Tx } from "../../../db/tenant.js";
import type { Actor } from "../../audit/record-audit.js";
import { creditWallet } from "../ledger/credit-wallet.js";
import type { LedgerReason, LedgerResult } from "../ledger/ledger-types.js";
import { getLoyaltySettings } from "./loyalty-settings.js";
import { pointsExpiryFor } from "./points-expiry.js";

export type EarnPointsInput = {
  customerId: string;
  points: number;
  idempotencyKey: string;
  requestHash?: string | null;
  reason: LedgerReason;
  source: string;
  sourceRef?: string | null;
  actor: Actor;
  /** Not spendable before this (purchase points wait out the refund window). */
  pendingUntil?: Date | null;
  now?: Date;
  /** A manual correction is an `adjust`, not an `earn`, and does not count towards growth. */
  kind?: "earn" | "adjust";
};

/** Gives a customer points, expiring by the shop's rule (counted from when they were earned). */
export async function earnPoints(tx: Tx, merchantId: string, input: EarnPointsInput): Promise<LedgerResult> {
  const settings = await getLoyaltySettings(tx, merchantId);
  const now = input.now ?? new Date();
  const kind = input.kind ?? "earn";
  return creditWallet(tx, merchantId, {
    ...input,
    wallet: "points",
    kind,
    amount: input.points,
    now,
    lotKind: "earned",
    expiresAt: pointsExpiryFor(settings.pointsExpiry, now, settings.timeZone),
    countsAsEarned: kind === "earn",
  });
}
