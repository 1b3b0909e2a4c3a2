import type { Tx } from "../../../db/tenant.js";
import { recordEvent } from "../../events/record-events.js";
import type { CouponSpec } from "./coupon-spec.js";

export type CouponDue = {
  customerId: string;
  spec: CouponSpec;
  /** What earned it: a check-in streak day or a welcome gift. */
  reason: "checkin" | "welcome_gift";
  /** Unique per reward, so the issuer can make issuing idempotent: checkin:<customer>:<date>, welcome:<customer>. */
  rewardKey: string;
  source: string;
};

/**
 * The hook where a reward's coupon is issued. Coupons arrive with the promotions issue (5): until
 * then it records a `coupon.due` event carrying the spec and the reward key, in the reward's own
 * transaction, so the promotions issue can replace this body with the real issuing call (and
 * backfill from the events) without touching the check-in or welcome-gift code.
 */
export async function issueRewardCoupon(tx: Tx, merchantId: string, due: CouponDue): Promise<void> {
  await recordEvent(tx, merchantId, {
    customerId: due.customerId,
    type: "coupon.due",
    properties: {
      templateId: due.spec.templateId,
      quantity: due.spec.quantity,
      reason: due.reason,
      rewardKey: due.rewardKey,
    },
    source: due.source,
  });
}
