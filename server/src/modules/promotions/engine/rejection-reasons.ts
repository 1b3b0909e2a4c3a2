import { formatFen } from "../../../lib/money.js";

/** Why a candidate coupon was not applied: machine-readable, with the figures a message needs. */
export type RejectionReason =
  | { code: "not_started"; validFrom: string }
  | { code: "expired"; validUntil: string }
  | { code: "wrong_store" }
  | { code: "outside_hours" }
  | { code: "not_first_order" }
  | { code: "duplicate" }
  | { code: "item_not_in_cart"; sku: string }
  | { code: "no_eligible_lines" }
  | { code: "below_min_spend"; minSpend: number; eligibleAmount: number; shortfall: number }
  | { code: "zero_discount" }
  | { code: "budget_exhausted"; budgetLeft: number; needed: number }
  | { code: "stacking_conflict"; conflictsWith: string; conflictsWithCode: string }
  | { code: "not_better" };

export type RejectionCode = RejectionReason["code"];

/** The zh-CN and English sentence for a reason, for the POS screen and the member page. */
export function describeRejection(reason: RejectionReason): { zhCN: string; en: string } {
  switch (reason.code) {
    case "not_started":
      return { zhCN: "优惠券尚未生效", en: `The coupon is valid from ${reason.validFrom}` };
    case "expired":
      return { zhCN: "优惠券已过期", en: "The coupon has expired" };
    case "wrong_store":
      return { zhCN: "该门店不可使用此优惠券", en: "The coupon cannot be used in this store" };
    case "outside_hours":
      return { zhCN: "当前时段不可使用此优惠券", en: "The coupon cannot be used at this time" };
    case "not_first_order":
      return { zhCN: "仅限首单使用", en: "The coupon is for a first order only" };
    case "duplicate":
      return { zhCN: "同一张优惠券只能使用一次", en: "The same coupon was given twice" };
    case "item_not_in_cart":
      return {
        zhCN: `购物车中没有可兑换的商品（${reason.sku}）`,
        en: `The cart has no ${reason.sku} to exchange`,
      };
    case "no_eligible_lines":
      return {
        zhCN: "购物车中没有适用此优惠券的商品",
        en: "No item in the cart is eligible for this coupon",
      };
    case "below_min_spend": {
      const shortfall = formatFen(reason.shortfall);
      return {
        zhCN: `适用商品满${formatFen(reason.minSpend)}元可用，还差${shortfall}元`,
        en: `Spend ¥${shortfall} more on eligible items to use this coupon (minimum ¥${formatFen(reason.minSpend)})`,
      };
    }
    case "zero_discount":
      return { zhCN: "此优惠券对当前购物车没有优惠", en: "The coupon gives no discount on this cart" };
    case "budget_exhausted":
      return { zhCN: "活动预算已用完", en: "The promotion's budget is used up" };
    case "stacking_conflict":
      return {
        zhCN: `不能与优惠券 ${reason.conflictsWithCode} 同时使用`,
        en: `Cannot be combined with coupon ${reason.conflictsWithCode}`,
      };
    case "not_better":
      return { zhCN: "已为您选择更优惠的组合", en: "A better combination was applied" };
  }
}
