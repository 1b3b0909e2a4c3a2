import { z } from "zod";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { Actor } from "../../audit/record-audit.js";
import { type CouponRow, issueCoupons } from "./issue-coupons.js";

export type RewardCoupon = {
  customerId: string;
  templateId: string;
  quantity: number;
  /** The reward's own key (checkin:<customer>:<date>, welcome:<customer>, level-reward:<customer>:<level>). */
  issueKey: string;
  source: string;
};

const rewardActor = { kind: "system" as const, name: "loyalty" };

/**
 * Issues a loyalty reward's coupons in the reward's transaction, idempotently on its key. A
 * reward must not fail because its coupon cannot be issued (the template was deleted, paused or
 * ran out, or the customer is at the limit): then nothing is written and the reason comes back
 * for the caller to record what is owed. Refusals are decided before any write, so the
 * transaction stays usable.
 */
export async function issueRewardCoupon(
  tx: Tx,
  merchantId: string,
  reward: RewardCoupon,
): Promise<{ issued: true; coupons: CouponRow[] } | { issued: false; reason: string }> {
  try {
    const outcome = await issueCoupons(tx, merchantId, { ...reward, actor: rewardActor, now: new Date() });
    return { issued: true, coupons: outcome.coupons };
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500 || error.code === "conflict") throw error;
    if (error.code === "not_found") return { issued: false, reason: "template_not_found" };
    return {
      issued: false,
      reason: (error.details as { reason?: string } | undefined)?.reason ?? error.code,
    };
  }
}

const MallCouponSpecSchema = z.object({
  templateId: z.string().uuid(),
  quantity: z.number().int().min(1).max(10).default(1),
});

/**
 * A points-mall coupon item's coupons, issued on exchange under key mall:<exchangeId>: spec.quantity
 * per unit exchanged. Unlike a reward, a refusal fails the exchange (the member pays points for the
 * coupon), rolling back the points and the stock with it.
 */
export async function issueMallCoupons(
  tx: Tx,
  merchantId: string,
  exchange: {
    exchangeId: string;
    customerId: string;
    couponSpec: unknown;
    units: number;
    actor: Actor;
    now: Date;
  },
): Promise<CouponRow[]> {
  const spec = MallCouponSpecSchema.safeParse(exchange.couponSpec);
  if (!spec.success) {
    throw new AppError(
      "unprocessable",
      "This item's coupon is not set up (couponSpec needs a coupon template id)",
      {
        reason: "coupon_not_set_up",
      },
    );
  }
  const outcome = await issueCoupons(tx, merchantId, {
    templateId: spec.data.templateId,
    customerId: exchange.customerId,
    quantity: spec.data.quantity * exchange.units,
    issueKey: `mall:${exchange.exchangeId}`,
    source: "mall",
    actor: exchange.actor,
    now: exchange.now,
  });
  return outcome.coupons;
}
