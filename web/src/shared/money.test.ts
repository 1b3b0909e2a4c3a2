import { describe, expect, it } from "vitest";
import { formatMoney, formatPercent } from "./money";

describe("formatMoney", () => {
  it.each([
    [1250, "CNY", "¥12.50"],
    [0, "CNY", "¥0.00"],
    [5, "CNY", "¥0.05"],
    [-99, "CNY", "-¥0.99"],
    [12873450, "CNY", "¥128,734.50"],
    [100_000_000_000, "CNY", "¥1,000,000,000.00"],
    [1999, "USD", "$19.99"],
    [1000, "KRW", "KRW 10.00"],
  ])("%i 分 in %s → %s", (fen, currency, text) => {
    expect(formatMoney(fen, currency)).toBe(text);
  });
});

describe("formatPercent", () => {
  it.each([
    [0, "0.0%"],
    [0.4312, "43.1%"],
    [1, "100.0%"],
  ])("%f → %s", (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });
});
