import { AppError } from "../../errors.js";

export type PricedLine = {
  lineNo: number;
  sku: string;
  name: string;
  category: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
  total: number;
};

export type PricedOrder = {
  lines: PricedLine[];
  subtotal: number;
  discount: number;
  total: number;
  itemCount: number;
};

type LineInput = {
  sku: string;
  name: string;
  category?: string | null;
  quantity: number;
  unitPrice: number;
  discount?: number;
};

/** Line totals, subtotal and total in 分; a discount larger than what it discounts is refused. */
export function priceOrder(items: LineInput[], orderDiscount = 0): PricedOrder {
  const lines = items.map((item, index) => {
    const gross = item.quantity * item.unitPrice;
    const discount = item.discount ?? 0;
    if (discount > gross) {
      throw new AppError(
        "unprocessable",
        `Line ${index + 1}: discount ${discount} exceeds the line amount ${gross}`,
        {
          field: `items.${index}.discount`,
        },
      );
    }
    return {
      lineNo: index + 1,
      sku: item.sku,
      name: item.name,
      category: item.category ?? null,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      discount,
      total: gross - discount,
    };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.total, 0);
  if (orderDiscount > subtotal) {
    throw new AppError("unprocessable", `Order discount ${orderDiscount} exceeds the subtotal ${subtotal}`, {
      field: "discount",
    });
  }
  const itemCount = lines.reduce((sum, l) => sum + l.quantity, 0);
  return { lines, subtotal, discount: orderDiscount, total: subtotal - orderDiscount, itemCount };
}

/**
 * Splits an order-level discount over the lines in proportion to their totals, rounding down and
 * giving the leftover 分 to the largest remainders (ties to the earlier line), so the shares always
 * add up to the discount exactly. Returns each line's net amount.
 */
export function netLineAmounts(lineTotals: number[], orderDiscount: number): number[] {
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  if (subtotal === 0 || orderDiscount === 0) return [...lineTotals];
  const exact = lineTotals.map((t) => (t * orderDiscount) / subtotal);
  const shares = exact.map(Math.floor);
  let leftover = orderDiscount - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (leftover === 0) break;
    shares[i]! += 1;
    leftover -= 1;
  }
  return lineTotals.map((t, i) => t - shares[i]!);
}

/**
 * What refunding `quantity` more units of a line returns. Computed on the cumulative quantity
 * (floor(net × refunded / quantity) minus what was already refunded), so refunding every unit,
 * in any number of steps, returns exactly the line's net amount.
 */
export function lineRefundAmount(
  line: { quantity: number; refundedQuantity: number; refundedAmount: number },
  lineNet: number,
  quantity: number,
): number {
  const cumulative = line.refundedQuantity + quantity;
  return Math.floor((lineNet * cumulative) / line.quantity) - line.refundedAmount;
}
