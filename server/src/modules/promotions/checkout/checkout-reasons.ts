import { describeRejection, type RejectionReason } from "../engine/rejection-reasons.js";

/** Reasons checkout adds to the engine's: about the coupon row itself rather than the cart. */
export type HeldCouponReason =
  | { code: "not_found" }
  | { code: "wrong_customer" }
  | { code: "already_redeemed" }
  | { code: "reserved"; reservedUntil: string }
  | { code: "void" }
  | { code: "limit_reached"; limit: number; held: number };

export type CheckoutReason = RejectionReason | HeldCouponReason;

export function describeCheckoutReason(reason: CheckoutReason): { zhCN: string; en: string } {
  switch (reason.code) {
    case "not_found":
      return { zhCN: "优惠券不存在", en: "No coupon has this code" };
    case "wrong_customer":
      return { zhCN: "该优惠券属于其他顾客", en: "This coupon belongs to another customer" };
    case "already_redeemed":
      return { zhCN: "优惠券已使用", en: "The coupon has already been used" };
    case "reserved":
      return { zhCN: "优惠券已被其他订单占用", en: "The coupon is held for another cart" };
    case "void":
      return { zhCN: "优惠券已作废", en: "The coupon has been voided" };
    case "limit_reached":
      return {
        zhCN: `每人限领${reason.limit}张，已达上限`,
        en: `This customer already holds the limit of ${reason.limit} of these coupons`,
      };
    default:
      return describeRejection(reason);
  }
}
