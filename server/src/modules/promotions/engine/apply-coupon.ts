import type { CandidateCoupon, CartLine } from "./cart-types.js";
import type { CouponRule } from "./coupon-rule.js";
import type { RejectionReason } from "./rejection-reasons.js";
import { splitByLargestRemainder } from "./split-discount.js";

/** One coupon's effect on a cart; shares[i] is line i's part of the discount. */
export type CouponEffect = { discount: number; giftValue: number; shares: number[] };

export type ApplyResult = { ok: true; effect: CouponEffect } | { ok: false; reason: RejectionReason };

/**
 * Applies one coupon to what the coupons before it left of each line (`remaining`). Measures the minimum
 * spend on the in-scope lines' remaining amounts, never takes off more than those, and splits the discount
 * over them in proportion (largest remainder). A discount larger than the budget left rejects the coupon.
 */
export function applyCoupon(
  coupon: CandidateCoupon,
  lines: readonly CartLine[],
  scopeLines: readonly number[],
  remaining: readonly number[],
): ApplyResult {
  const rule = coupon.rule;
  if (scopeLines.length === 0) return { ok: false, reason: { code: "no_eligible_lines" } };
  let eligibleAmount = 0;
  for (const index of scopeLines) eligibleAmount += remaining[index]!;
  const minSpend =
    rule.kind === "threshold" ? Math.max(rule.minSpend, rule.tiers[0]!.minSpend) : rule.minSpend;
  if (eligibleAmount < minSpend) {
    const shortfall = minSpend - eligibleAmount;
    return { ok: false, reason: { code: "below_min_spend", minSpend, eligibleAmount, shortfall } };
  }
  const effect = computeEffect(rule, lines, scopeLines, remaining, eligibleAmount);
  if (effect.discount === 0 && rule.kind !== "gift") {
    return { ok: false, reason: { code: eligibleAmount === 0 ? "no_eligible_lines" : "zero_discount" } };
  }
  const needed = effect.discount + effect.giftValue;
  if (coupon.budgetLeft !== null && needed > coupon.budgetLeft) {
    return { ok: false, reason: { code: "budget_exhausted", budgetLeft: coupon.budgetLeft, needed } };
  }
  return { ok: true, effect };
}

function computeEffect(
  rule: CouponRule,
  lines: readonly CartLine[],
  scopeLines: readonly number[],
  remaining: readonly number[],
  eligibleAmount: number,
): CouponEffect {
  if (rule.kind === "gift") {
    return { discount: 0, giftValue: rule.gift.quantity * rule.gift.unitPrice, shares: lines.map(() => 0) };
  }
  if (rule.kind === "exchange") return computeExchange(rule, lines, remaining);
  const discount = Math.min(discountOnAmount(rule, eligibleAmount), eligibleAmount);
  const parts = splitByLargestRemainder(
    discount,
    scopeLines.map((index) => remaining[index]!),
  );
  const shares = lines.map(() => 0);
  scopeLines.forEach((lineIndex, k) => {
    shares[lineIndex] = parts[k]!;
  });
  return { discount, giftValue: 0, shares };
}

function discountOnAmount(rule: Exclude<CouponRule, { kind: "gift" | "exchange" }>, amount: number): number {
  switch (rule.kind) {
    case "amount_off":
      return rule.amountOff;
    case "percent_off":
      return percentOf(amount, rule.percentOff, rule.maxDiscount);
    case "threshold": {
      let off = 0;
      for (const tier of rule.tiers) if (amount >= tier.minSpend) off = tier.amountOff;
      return off;
    }
    case "first_order":
      return rule.amountOff ?? percentOf(amount, rule.percentOff ?? 0, rule.maxDiscount);
  }
}

/** Rounds down to the fen (the shop never gives more than the percent), then applies the cap. */
function percentOf(amount: number, percent: number, cap: number | undefined): number {
  const off = Math.floor((amount * percent) / 100);
  return cap === undefined ? off : Math.min(off, cap);
}

/** The first exchangeQuantity units of the sku in line order become free, up to maxDiscount. */
function computeExchange(
  rule: Extract<CouponRule, { kind: "exchange" }>,
  lines: readonly CartLine[],
  remaining: readonly number[],
): CouponEffect {
  const raw = lines.map(() => 0);
  let unitsLeft = rule.exchangeQuantity;
  lines.forEach((line, index) => {
    if (unitsLeft === 0 || line.sku !== rule.exchangeSku) return;
    const units = Math.min(unitsLeft, line.quantity);
    raw[index] = Math.min(units * line.unitPrice, remaining[index]!);
    unitsLeft -= units;
  });
  const total = raw.reduce((acc, part) => acc + part, 0);
  const discount = rule.maxDiscount === undefined ? total : Math.min(total, rule.maxDiscount);
  const shares = discount === total ? raw : splitByLargestRemainder(discount, raw);
  return { discount, giftValue: 0, shares };
}
