import type { EarnRule } from "../../../../shared/api-types";
import { formatMoney } from "../../../../shared/money";

/** ¥1.00 → "¥1", ¥12.50 stays "¥12.50": rule steps read like the price tags they describe. */
export function formatStep(fen: number, currency: string): string {
  const text = formatMoney(fen, currency);
  return fen % 100 === 0 ? text.replace(/\.00$/, "") : text;
}

/** Points one line of this amount earns under the rule (before the level multiplier), as the server counts. */
export function pointsForAmount(
  rule: Pick<EarnRule, "stepAmount" | "pointsPerStep">,
  amount: number,
): number {
  if (rule.stepAmount <= 0 || amount <= 0) return 0;
  return Math.floor(amount / rule.stepAmount) * rule.pointsPerStep;
}

/** The rules in the order the console lists them: the shop's rule, then categories, then stores. */
export function sortEarnRules(rules: EarnRule[], storeName: (id: string) => string): EarnRule[] {
  const rank = { shop: 0, category: 1, store: 2 } as const;
  const label = (r: EarnRule) => (r.scope === "store" ? storeName(r.storeId ?? "") : (r.category ?? ""));
  return [...rules].sort(
    (a, b) => rank[a.scope] - rank[b.scope] || label(a).localeCompare(label(b), "zh-CN"),
  );
}
