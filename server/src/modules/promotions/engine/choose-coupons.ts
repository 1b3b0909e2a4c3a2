import { type ApplyResult, applyCoupon, type CouponEffect } from "./apply-coupon.js";
import type { CandidateCoupon, CartLine } from "./cart-types.js";
import { type StackingGroup, stackingGroups } from "./coupon-rule.js";

/** A candidate with what the search needs worked out once. */
export type PreparedCoupon = {
  coupon: CandidateCoupon;
  position: number;
  group: StackingGroup;
  groupRank: number;
  exclusive: boolean;
  scopeLines: number[];
  expiry: number;
};

export type Combination = {
  members: PreparedCoupon[];
  effects: CouponEffect[];
  value: number;
};

/** Above this many combinations the search goes greedy (one group at a time, in application order). */
export const maxExhaustiveCombinations = 4096;

export function prepareCoupon(
  coupon: CandidateCoupon,
  position: number,
  scopeLines: number[],
): PreparedCoupon {
  const { group, exclusive } = coupon.rule.stacking;
  return {
    coupon,
    position,
    group,
    groupRank: stackingGroups.indexOf(group),
    exclusive,
    scopeLines,
    expiry: coupon.validUntil?.getTime() ?? Number.POSITIVE_INFINITY,
  };
}

export const emptyCombination: Combination = { members: [], effects: [], value: 0 };

/** Whether `candidate` may join `members`: one coupon per group, and an exclusive coupon stands alone. */
export function findConflict(
  candidate: PreparedCoupon,
  members: readonly PreparedCoupon[],
): PreparedCoupon | null {
  if (members.length === 0) return null;
  if (candidate.exclusive) return members[0]!;
  return members.find((member) => member.exclusive || member.group === candidate.group) ?? null;
}

export function extendCombination(
  combination: Combination,
  candidate: PreparedCoupon,
  lines: readonly CartLine[],
  remaining: readonly number[],
): { result: ApplyResult; next: Combination | null } {
  const result = applyCoupon(candidate.coupon, lines, candidate.scopeLines, remaining);
  if (!result.ok) return { result, next: null };
  const { effect } = result;
  return {
    result,
    next: {
      members: [...combination.members, candidate],
      effects: [...combination.effects, effect],
      value: combination.value + effect.discount + effect.giftValue,
    },
  };
}

export function subtractShares(remaining: readonly number[], effect: CouponEffect): number[] {
  return remaining.map((amount, index) => amount - effect.shares[index]!);
}

/**
 * The best allowed combination: the largest total benefit (discount plus gift value); ties go to fewer
 * coupons, then to the coupons that expire first, then to the smaller coupon ids. Exhaustive over one
 * coupon per group (and each exclusive coupon alone) up to maxExhaustiveCombinations, greedy beyond.
 */
export function findBestCombination(
  usable: readonly PreparedCoupon[],
  lines: readonly CartLine[],
  amounts: readonly number[],
): Combination {
  let best = emptyCombination;
  const consider = (combination: Combination) => {
    if (isBetter(combination, best)) best = combination;
  };
  for (const candidate of usable) {
    if (!candidate.exclusive) continue;
    const { next } = extendCombination(emptyCombination, candidate, lines, amounts);
    if (next) consider(next);
  }
  const groups = groupStackable(usable);
  const count = groups.reduce((acc, members) => acc * (members.length + 1), 1);
  if (count <= maxExhaustiveCombinations) searchGroups(groups, 0, emptyCombination, amounts, lines, consider);
  else consider(searchGreedy(groups, lines, amounts));
  return best;
}

function groupStackable(usable: readonly PreparedCoupon[]): PreparedCoupon[][] {
  const groups = stackingGroups.map((): PreparedCoupon[] => []);
  for (const candidate of usable) if (!candidate.exclusive) groups[candidate.groupRank]!.push(candidate);
  return groups.filter((members) => members.length > 0);
}

function searchGroups(
  groups: readonly PreparedCoupon[][],
  depth: number,
  combination: Combination,
  remaining: readonly number[],
  lines: readonly CartLine[],
  consider: (combination: Combination) => void,
): void {
  if (depth === groups.length) {
    consider(combination);
    return;
  }
  searchGroups(groups, depth + 1, combination, remaining, lines, consider);
  for (const candidate of groups[depth]!) {
    const { result, next } = extendCombination(combination, candidate, lines, remaining);
    if (!next || !result.ok) continue;
    searchGroups(groups, depth + 1, next, subtractShares(remaining, result.effect), lines, consider);
  }
}

function searchGreedy(
  groups: readonly PreparedCoupon[][],
  lines: readonly CartLine[],
  amounts: readonly number[],
): Combination {
  let combination = emptyCombination;
  let remaining = amounts;
  for (const members of groups) {
    let chosen: { next: Combination; remaining: number[] } | null = null;
    for (const candidate of members) {
      const { result, next } = extendCombination(combination, candidate, lines, remaining);
      if (!next || !result.ok) continue;
      if (!chosen || isBetter(next, chosen.next)) {
        chosen = { next, remaining: subtractShares(remaining, result.effect) };
      }
    }
    if (chosen) {
      combination = chosen.next;
      remaining = chosen.remaining;
    }
  }
  return combination;
}

function isBetter(a: Combination, b: Combination): boolean {
  if (a.value !== b.value) return a.value > b.value;
  if (a.members.length !== b.members.length) return a.members.length < b.members.length;
  const expiriesA = a.members.map((member) => member.expiry).sort((x, y) => x - y);
  const expiriesB = b.members.map((member) => member.expiry).sort((x, y) => x - y);
  for (let i = 0; i < expiriesA.length; i++) {
    if (expiriesA[i] !== expiriesB[i]) return expiriesA[i]! < expiriesB[i]!;
  }
  const idsA = a.members.map((member) => member.coupon.couponId).sort();
  const idsB = b.members.map((member) => member.coupon.couponId).sort();
  for (let i = 0; i < idsA.length; i++) {
    if (idsA[i] !== idsB[i]) return idsA[i]! < idsB[i]!;
  }
  return false;
}
