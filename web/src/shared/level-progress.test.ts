import { describe, expect, it } from "vitest";
import { formatGrowth, progressPercent } from "./level-progress";

describe("progressPercent", () => {
  it.each([
    [0, 0, 100_000, 0],
    [50_000, 0, 100_000, 50],
    [99_999, 0, 100_000, 99],
    [150_000, 100_000, 500_000, 12],
    [600_000, 100_000, 500_000, 100],
    [-5, 0, 100, 0],
    [123, 500, null, 100],
  ])("growth %i from %i to %s is %i%%", (growth, from, to, percent) => {
    expect(progressPercent(growth, from, to)).toBe(percent);
  });
});

describe("formatGrowth", () => {
  it("shows spend as money and points as numbers", () => {
    expect(formatGrowth(123_400, "spend", (fen) => `¥${fen / 100}`)).toBe("¥1234");
    expect(formatGrowth(12_345, "points_earned", () => "x")).toBe("12,345");
  });
});
