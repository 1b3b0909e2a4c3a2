import type {
  AppliedCoupon,
  CandidateCoupon,
  CartLine,
  GiftLine,
  PriceCartInput,
  PricedCart,
  RejectedCoupon,
} from "./cart-types.js";
import { type CheckContext, checkCouponUsable, createCheckContext, findScopeLines } from "./check-coupon.js";
import {
  type Combination,
  emptyCombination,
  extendCombination,
  findBestCombination,
  findConflict,
  type PreparedCoupon,
  prepareCoupon,
  subtractShares,
} from "./choose-coupons.js";
import { describeRejection, type RejectionReason } from "./rejection-reasons.js";

/**
 * Prices a cart with coupons: pure arithmetic in 分, the same in quote and redeem. Coupons apply in the
 * stacking groups' order, each to what the earlier ones left; every candidate not applied gets a reason.
 */
export function priceCart(input: PriceCartInput): PricedCart {
  const lines = input.lines;
  const amounts = lines.map((line) => line.quantity * line.unitPrice);
  const context = createCheckContext(input, lines);
  const rejected: RejectedCoupon[] = [];
  const reject = (coupon: CandidateCoupon, reason: RejectionReason) => {
    rejected.push({
      couponId: coupon.couponId,
      code: coupon.code,
      templateId: coupon.templateId,
      reason,
      message: describeRejection(reason),
    });
  };
  const usable = screenCoupons(input.coupons, lines, context, reject);
  const combination =
    input.mode === "best"
      ? chooseBest(usable, lines, amounts, reject)
      : applyChosen(usable, lines, amounts, reject);
  rejected.sort((a, b) => positionOf(input.coupons, a.couponId) - positionOf(input.coupons, b.couponId));
  return assemblePricedCart(lines, amounts, combination, rejected);
}

function positionOf(coupons: readonly CandidateCoupon[], couponId: string): number {
  return coupons.findIndex((coupon) => coupon.couponId === couponId);
}

/** Drops duplicates and coupons that fail on their own (dates, store, hours, first order, missing item). */
function screenCoupons(
  coupons: readonly CandidateCoupon[],
  lines: readonly CartLine[],
  context: CheckContext,
  reject: (coupon: CandidateCoupon, reason: RejectionReason) => void,
): PreparedCoupon[] {
  const seen = new Set<string>();
  const usable: PreparedCoupon[] = [];
  coupons.forEach((coupon, position) => {
    const reason = seen.has(coupon.couponId)
      ? { code: "duplicate" as const }
      : checkCouponUsable(coupon, context);
    seen.add(coupon.couponId);
    if (reason) reject(coupon, reason);
    else usable.push(prepareCoupon(coupon, position, findScopeLines(coupon.rule.scope, lines)));
  });
  return usable;
}

/** "chosen": first come first kept among conflicting coupons, then each applies in group order or is rejected. */
function applyChosen(
  usable: readonly PreparedCoupon[],
  lines: readonly CartLine[],
  amounts: readonly number[],
  reject: (coupon: CandidateCoupon, reason: RejectionReason) => void,
): Combination {
  const kept: PreparedCoupon[] = [];
  for (const candidate of usable) {
    const conflict = findConflict(candidate, kept);
    if (conflict) reject(candidate.coupon, conflictReason(conflict));
    else kept.push(candidate);
  }
  return applyInOrder(kept, lines, amounts, reject);
}

function applyInOrder(
  members: readonly PreparedCoupon[],
  lines: readonly CartLine[],
  amounts: readonly number[],
  reject: (coupon: CandidateCoupon, reason: RejectionReason) => void,
): Combination {
  let combination = emptyCombination;
  let remaining = amounts;
  for (const candidate of [...members].sort((a, b) => a.groupRank - b.groupRank || a.position - b.position)) {
    const { result, next } = extendCombination(combination, candidate, lines, remaining);
    if (!result.ok || !next) {
      if (!result.ok) reject(candidate.coupon, result.reason);
      continue;
    }
    combination = next;
    remaining = subtractShares(remaining, result.effect);
  }
  return combination;
}

function chooseBest(
  usable: readonly PreparedCoupon[],
  lines: readonly CartLine[],
  amounts: readonly number[],
  reject: (coupon: CandidateCoupon, reason: RejectionReason) => void,
): Combination {
  const best = findBestCombination(usable, lines, amounts);
  const chosen = new Set(best.members);
  for (const candidate of usable) {
    if (chosen.has(candidate)) continue;
    const conflict = findConflict(candidate, best.members);
    if (conflict) {
      reject(candidate.coupon, conflictReason(conflict));
      continue;
    }
    reject(candidate.coupon, explainLeftOut(candidate, best, lines, amounts));
  }
  return best;
}

/** Why a compatible coupon is not in the best combination: it fails where it would go, or adds nothing. */
function explainLeftOut(
  candidate: PreparedCoupon,
  best: Combination,
  lines: readonly CartLine[],
  amounts: readonly number[],
): RejectionReason {
  let remaining = amounts;
  best.members.forEach((member, index) => {
    if (member.groupRank < candidate.groupRank) remaining = subtractShares(remaining, best.effects[index]!);
  });
  const { result } = extendCombination(emptyCombination, candidate, lines, remaining);
  return result.ok ? { code: "not_better" } : result.reason;
}

function conflictReason(winner: PreparedCoupon): RejectionReason {
  return {
    code: "stacking_conflict",
    conflictsWith: winner.coupon.couponId,
    conflictsWithCode: winner.coupon.code,
  };
}

function assemblePricedCart(
  lines: readonly CartLine[],
  amounts: readonly number[],
  combination: Combination,
  rejected: RejectedCoupon[],
): PricedCart {
  const discounts = lines.map(() => 0);
  const gifts: GiftLine[] = [];
  const applied: AppliedCoupon[] = combination.members.map((member, index) => {
    const effect = combination.effects[index]!;
    const { coupon } = member;
    effect.shares.forEach((share, lineIndex) => {
      discounts[lineIndex]! += share;
    });
    if (coupon.rule.kind === "gift") {
      const { sku, name, quantity, unitPrice } = coupon.rule.gift;
      gifts.push({
        couponId: coupon.couponId,
        sku,
        name,
        quantity,
        unitPrice: 0,
        value: quantity * unitPrice,
      });
    }
    return {
      couponId: coupon.couponId,
      code: coupon.code,
      templateId: coupon.templateId,
      kind: coupon.rule.kind,
      group: member.group,
      discount: effect.discount,
      giftValue: effect.giftValue,
      shares: effect.shares.flatMap((amount, lineIndex) =>
        amount > 0 ? [{ lineId: lines[lineIndex]!.lineId, amount }] : [],
      ),
    };
  });
  const pricedLines = lines.map((line, index) => ({
    ...line,
    amount: amounts[index]!,
    discount: discounts[index]!,
    netAmount: amounts[index]! - discounts[index]!,
  }));
  const before = amounts.reduce((acc, amount) => acc + amount, 0);
  const discount = discounts.reduce((acc, amount) => acc + amount, 0);
  const giftValue = applied.reduce((acc, coupon) => acc + coupon.giftValue, 0);
  return {
    lines: pricedLines,
    gifts,
    applied,
    rejected,
    totals: { before, discount, after: before - discount, giftValue },
  };
}
