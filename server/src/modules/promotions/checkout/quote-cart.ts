import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import { type CouponSource, loadCheckout, priceCheckout } from "./checkout-context.js";
import type { CartRequest } from "./price-held-coupons.js";
import type { Quote, QuoteRequest } from "./schemas.js";

export function cartOf(request: Pick<QuoteRequest, "customerId" | "storeId" | "lines">): CartRequest {
  return { customerId: request.customerId ?? null, storeId: request.storeId ?? null, lines: request.lines };
}

export function couponSourceOf(coupons: QuoteRequest["coupons"]): CouponSource {
  return coupons === "best" ? { kind: "best" } : { kind: "codes", codes: coupons };
}

/** A dry run: the priced cart and why any coupon is not applied. Reads only (a read-only transaction). */
export async function quoteCart(
  database: Database,
  merchantId: string,
  request: QuoteRequest,
  now: Date,
): Promise<Quote> {
  const source = couponSourceOf(request.coupons);
  return readAsMerchant(database, merchantId, async (tx) => {
    const snapshot = await loadCheckout(tx, merchantId, cartOf(request), source, now, false);
    const mode = source.kind === "best" ? "best" : "chosen";
    return (await priceCheckout(tx, merchantId, snapshot, { mode, at: now })).quote;
  });
}
