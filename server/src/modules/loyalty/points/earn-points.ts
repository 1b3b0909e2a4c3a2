import type { Tx } from "../../../db/tenant.js";
import type { Actor } from "../../audit/record-audit.js";
import { creditWallet } from "../ledger/credit-wallet.js";
import type { LedgerReason, LedgerResult } from "../ledger/ledger-types.js";
import { reevaluateLevelFor } from "../levels/reevaluate-level.js";
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
  /**
   * Earned points may lift the member's level at once when the shop's growth counts points. Off for
   * the callers that re-evaluate the level themselves (an order) or are that evaluation (rewards).
   */
  upgradeLevel?: boolean;
};

/** Gives a customer points, expiring by the shop's rule (counted from when they were earned). */
export async function earnPoints(tx: Tx, merchantId: string, input: EarnPointsInput): Promise<LedgerResult> {
  const settings = await getLoyaltySettings(tx, merchantId);
  const now = input.now ?? new Date();
  const kind = input.kind ?? "earn";
  const result = await creditWallet(tx, merchantId, {
    ...input,
    wallet: "points",
    kind,
    amount: input.points,
    now,
    lotKind: "earned",
    expiresAt: pointsExpiryFor(settings.pointsExpiry, now, settings.timeZone),
    countsAsEarned: kind === "earn",
  });
  if (kind === "earn" && input.upgradeLevel !== false && !result.replayed) {
    await reevaluateLevelFor(tx, merchantId, input.customerId, {
      reason: "points",
      actor: input.actor,
      now,
      afterPointsOnly: true,
    });
  }
  return result;
}
