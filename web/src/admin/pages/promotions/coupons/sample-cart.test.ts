import { describe, expect, it } from "vitest";
import { cartLinesOf, cartTotalOf, nextLineKey, type SampleLine } from "./sample-cart";

describe("preview sample cart", () => {
  const lines: SampleLine[] = [
    { key: 1, sku: " TEA ", category: "茶叶", quantity: 1, priceYuan: 100 },
    { key: 3, sku: "CUP", category: "", quantity: 2, priceYuan: 9.99 },
    { key: 4, sku: "", category: "x", quantity: 1, priceYuan: 5 },
    { key: 5, sku: "HALF", category: "", quantity: null, priceYuan: 5 },
  ];

  it("sends typed 元 as 分 and leaves half-typed lines out", () => {
    expect(cartLinesOf(lines)).toEqual([
      { lineId: "1", sku: "TEA", category: "茶叶", quantity: 1, unitPrice: 10000 },
      { lineId: "3", sku: "CUP", category: null, quantity: 2, unitPrice: 999 },
    ]);
    expect(cartTotalOf(lines)).toBe(11998);
  });

  it("gives a new line a key no line has", () => {
    expect(nextLineKey(lines)).toBe(6);
    expect(nextLineKey([])).toBe(1);
  });
});
