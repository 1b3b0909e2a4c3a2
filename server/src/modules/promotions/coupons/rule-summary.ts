import type { CouponRule } from "../engine/coupon-rule.js";

/** 分 as yuan without trailing zeros: 1000 → "10", 1050 → "10.5". */
const yuan = (fen: number) => String(Number((fen / 100).toFixed(2)));

/** 20% off is 8折, 15% off 8.5折. */
const zhe = (percentOff: number) => String((100 - percentOff) / 10);

/** A coupon rule in a few words for lists and the member page (the console shows the full rule). */
export function summariseRule(rule: CouponRule): string {
  const threshold = rule.minSpend > 0 ? `满${yuan(rule.minSpend)}` : "";
  switch (rule.kind) {
    case "amount_off":
      return threshold ? `${threshold}减${yuan(rule.amountOff)}` : `立减${yuan(rule.amountOff)}`;
    case "percent_off":
      return `${threshold}${zhe(rule.percentOff)}折${rule.maxDiscount ? ` 最高减${yuan(rule.maxDiscount)}` : ""}`;
    case "threshold":
      return rule.tiers.map((t) => `满${yuan(t.minSpend)}减${yuan(t.amountOff)}`).join(" / ");
    case "first_order":
      return rule.amountOff !== undefined
        ? `首单${threshold}立减${yuan(rule.amountOff)}`
        : `首单${threshold}${zhe(rule.percentOff ?? 0)}折${rule.maxDiscount ? ` 最高减${yuan(rule.maxDiscount)}` : ""}`;
    case "gift":
      return `${threshold || "下单"}赠${rule.gift.name}×${rule.gift.quantity}`;
    case "exchange":
      return `兑换券 ${rule.exchangeSku}×${rule.exchangeQuantity}`;
  }
}
