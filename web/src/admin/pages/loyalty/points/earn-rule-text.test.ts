import { describe, expect, it } from "vitest";
import type { EarnRule } from "../../../../shared/api-types";
import { formatStep, pointsForAmount, sortEarnRules } from "./earn-rule-text";

const rule = (over: Partial<EarnRule>): EarnRule => ({
  id: "r",
  scope: "shop",
  category: null,
  storeId: null,
  stepAmount: 100,
  pointsPerStep: 1,
  active: true,
  ...over,
});

describe("formatStep", () => {
  it.each([
    [100, "CNY", "¥1"],
    [1000, "CNY", "¥10"],
    [1250, "CNY", "¥12.50"],
    [5, "CNY", "¥0.05"],
    [1_000_000, "USD", "$10,000"],
  ])("%i 分 in %s → %s", (fen, currency, text) => {
    expect(formatStep(fen, currency)).toBe(text);
  });
});

describe("pointsForAmount", () => {
  it.each([
    [100, 1, 8850, 88],
    [1000, 3, 8850, 24],
    [100, 0, 8850, 0],
    [100, 2, 99, 0],
    [100, 1, 0, 0],
    [0, 1, 500, 0],
  ])("step %i 分 × %i points over %i 分 → %i", (stepAmount, pointsPerStep, amount, points) => {
    expect(pointsForAmount({ stepAmount, pointsPerStep }, amount)).toBe(points);
  });
});

describe("sortEarnRules", () => {
  it("lists the shop rule first, then categories by name, then stores by name", () => {
    const stores: Record<string, string> = { s1: "西湖店", s2: "滨江店" };
    const sorted = sortEarnRules(
      [
        rule({ id: "store-xihu", scope: "store", storeId: "s1" }),
        rule({ id: "tea", scope: "category", category: "茶叶" }),
        rule({ id: "shop" }),
        rule({ id: "cups", scope: "category", category: "杯具" }),
        rule({ id: "store-binjiang", scope: "store", storeId: "s2" }),
      ],
      (id) => stores[id] ?? id,
    );
    expect(sorted.map((r) => r.id)).toEqual(["shop", "cups", "tea", "store-binjiang", "store-xihu"]);
  });
});
