import { describe, expect, it } from "vitest";
import type { TopupBonusRule } from "../../../../shared/api-types";
import { bonusTierFor, sortBonusTiers, yuanToFen } from "./bonus-tiers";

const tier = (minAmount: number, bonusAmount: number, active = true): TopupBonusRule => ({
  id: `t${minAmount}`,
  minAmount,
  bonusAmount,
  active,
});

// 充500送50, 充1000送150, and an inactive 充2000送400.
const tiers = [tier(100_000, 15_000), tier(50_000, 5_000), tier(200_000, 40_000, false)];

describe("bonusTierFor", () => {
  it.each([
    [49_999, null],
    [50_000, 5_000],
    [99_999, 5_000],
    [100_000, 15_000],
    [500_000, 15_000],
    [0, null],
  ])("a top-up of %i 分 gets a bonus of %s 分", (amount, bonus) => {
    expect(bonusTierFor(tiers, amount)?.bonusAmount ?? null).toBe(bonus);
  });

  it("gives nothing without tiers", () => {
    expect(bonusTierFor([], 100_000)).toBeNull();
  });
});

describe("sortBonusTiers", () => {
  it("lists tiers from the smallest top-up up", () => {
    expect(sortBonusTiers(tiers).map((t) => t.minAmount)).toEqual([50_000, 100_000, 200_000]);
  });
});

describe("yuanToFen", () => {
  it.each([
    [19.99, 1999],
    [0.1, 10],
    [500, 50_000],
    [null, 0],
  ])("%s yuan → %i 分", (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });
});
