import type { RfmClass, RfmCutoffs } from "./tables.js";

export type RfmScores = { r: number; f: number; m: number };

/**
 * Quintile score of a customer from their rank among n customers (rank as SQL rank(): 1 for the
 * worst value, ties share the lowest rank). Ties therefore share a score, the worst value always
 * scores 1, and a score is skipped when a tie spans a whole quintile.
 */
export function scoreQuintile(rank: number, n: number): number {
  return 1 + Math.floor((5 * (rank - 1)) / n);
}

/** Recency days against ascending cut-offs: ≤ c[0] scores 5, ≤ c[1] 4, ≤ c[2] 3, ≤ c[3] 2, else 1. */
export function scoreRecencyByCutoffs(days: number, cutoffs: RfmCutoffs["recency"]): number {
  const within = cutoffs.findIndex((c) => days <= c);
  return within === -1 ? 1 : 5 - within;
}

/** Frequency or monetary against ascending cut-offs: ≥ c[3] scores 5, ≥ c[2] 4, ≥ c[1] 3, ≥ c[0] 2, else 1. */
export function scoreAmountByCutoffs(value: number, cutoffs: RfmCutoffs["frequency"]): number {
  const reached = cutoffs.filter((c) => value >= c).length;
  return 1 + reached;
}

/**
 * The eight classes from high/low of each score against the merchant's average score (scores, not
 * raw values: money is heavily skewed, so most customers would sit below a raw mean). A score
 * strictly above the average is high.
 */
export function classifyRfm(scores: RfmScores, averages: RfmScores): RfmClass {
  const r = scores.r > averages.r;
  const f = scores.f > averages.f;
  const m = scores.m > averages.m;
  return rfmClassOf(r, f, m);
}

export function rfmClassOf(rHigh: boolean, fHigh: boolean, mHigh: boolean): RfmClass {
  const importance = mHigh ? "important" : "general";
  if (rHigh) return `${importance}_${fHigh ? "value" : "develop"}`;
  return `${importance}_${fHigh ? "keep" : "retain"}`;
}

/** Names of the classes for screens and exports, in the two languages the console speaks. */
export const rfmClassLabels: Record<RfmClass, { "zh-CN": string; en: string }> = {
  important_value: { "zh-CN": "重要价值客户", en: "Important value" },
  important_develop: { "zh-CN": "重要发展客户", en: "Important to develop" },
  important_keep: { "zh-CN": "重要保持客户", en: "Important to keep" },
  important_retain: { "zh-CN": "重要挽留客户", en: "Important to win back" },
  general_value: { "zh-CN": "一般价值客户", en: "General value" },
  general_develop: { "zh-CN": "一般发展客户", en: "General to develop" },
  general_keep: { "zh-CN": "一般保持客户", en: "General to keep" },
  general_retain: { "zh-CN": "一般挽留客户", en: "General to win back" },
};

/** Net spend per order in 分, rounded half up; 0 without orders. */
export function averageOrderValue(netSpent: number, orderCount: number): number {
  if (orderCount === 0) return 0;
  return Math.floor((2 * netSpent + orderCount) / (2 * orderCount));
}
