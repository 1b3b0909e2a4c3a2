// The preview's sample cart: lines typed in 元, sent to the quote API in 分.
import type { CartLineInput } from "../../../../shared/api-types";

export type SampleLine = {
  key: number;
  sku: string;
  category: string;
  quantity: number | null;
  priceYuan: number | null;
};

export const defaultSampleCart: SampleLine[] = [
  { key: 1, sku: "TEA-001", category: "茶叶", quantity: 1, priceYuan: 80 },
  { key: 2, sku: "CUP-002", category: "茶具", quantity: 2, priceYuan: 20 },
];

/** Lines the quote can price (a sku, a quantity ≥ 1 and a price); half-typed rows are left out. */
export function cartLinesOf(lines: SampleLine[]): CartLineInput[] {
  return lines
    .filter((line) => line.sku.trim() !== "" && (line.quantity ?? 0) >= 1 && line.priceYuan != null)
    .map((line) => ({
      lineId: String(line.key),
      sku: line.sku.trim(),
      category: line.category.trim() || null,
      quantity: line.quantity ?? 1,
      unitPrice: Math.round((line.priceYuan ?? 0) * 100),
    }));
}

/** The cart's total before discounts, 分. */
export function cartTotalOf(lines: SampleLine[]): number {
  return cartLinesOf(lines).reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
}

export function nextLineKey(lines: SampleLine[]): number {
  return lines.reduce((max, line) => Math.max(max, line.key), 0) + 1;
}
