import type { TopupBonusRule } from "../../../../shared/api-types";

/** The tier a top-up of `amount` 分 reaches: the active tier with the highest minimum at or below it. */
export function bonusTierFor(rules: readonly TopupBonusRule[], amount: number): TopupBonusRule | null {
  let best: TopupBonusRule | null = null;
  for (const rule of rules) {
    if (!rule.active || rule.minAmount > amount) continue;
    if (!best || rule.minAmount > best.minAmount) best = rule;
  }
  return best;
}

/** Tiers from the smallest top-up up, as the console lists them. */
export function sortBonusTiers(rules: readonly TopupBonusRule[]): TopupBonusRule[] {
  return [...rules].sort((a, b) => a.minAmount - b.minAmount);
}

/** Yuan typed in a form → integer 分, without float residue (19.99 → 1999). */
export const yuanToFen = (yuan: number | null | undefined) => (yuan == null ? 0 : Math.round(yuan * 100));
