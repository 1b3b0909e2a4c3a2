import type { Tx } from "../../../db/tenant.js";
import { recordEvent } from "../../events/record-events.js";
import { issueRewardCoupon as issueCouponForReward } from "../../promotions/coupons/reward-coupons.js";
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
 * The hook where a reward's coupon is issued: through the promotions issue service, in the
 * reward's own transaction, with the reward key as the issue key (so a replayed reward issues
 * nothing twice). When the coupon cannot be issued (no such template, paused, out of stock, the
 * customer's limit) the reward still stands and a `coupon.due` event records what is owed, with
 * `unissued` giving the reason when the template exists.
 */
export async function issueRewardCoupon(tx: Tx, merchantId: string, due: CouponDue): Promise<void> {
  const result = await issueCouponForReward(tx, merchantId, {
    customerId: due.customerId,
    templateId: due.spec.templateId,
    quantity: due.spec.quantity,
    issueKey: due.rewardKey,
    source: `trigger:${due.reason}`,
  });
  if (result.issued) return;
  await recordEvent(tx, merchantId, {
    customerId: due.customerId,
    type: "coupon.due",
    properties: {
      templateId: due.spec.templateId,
      quantity: due.spec.quantity,
      reason: due.reason,
      rewardKey: due.rewardKey,
      ...(result.reason !== "template_not_found" && { unissued: result.reason }),
    },
    source: due.source,
  });
}
