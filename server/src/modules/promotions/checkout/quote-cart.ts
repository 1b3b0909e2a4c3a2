import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import {
  type CouponSource,
  countHeldByTemplate,
  isFirstOrder,
  loadCartBasics,
  loadHeldCoupons,
} from "./checkout-context.js";
import type { CartRequest } from "./price-held-coupons.js";
import { priceHeldCoupons } from "./price-held-coupons.js";
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
  return readAsMerchant(database, merchantId, async (tx) => {
    const { cart, timeZone } = await loadCartBasics(tx, merchantId, cartOf(request));
    const source = couponSourceOf(request.coupons);
    const { held, missingCodes } = await loadHeldCoupons(tx, merchantId, source, cart.customerId, now);
    const priced = priceHeldCoupons({
      cart,
      held,
      missingCodes,
      mode: source.kind === "best" ? "best" : "chosen",
      at: now,
      timeZone,
      firstOrder: await isFirstOrder(tx, merchantId, cart.customerId, held),
      heldCounts: await countHeldByTemplate(tx, merchantId, cart.customerId, held),
      reservedForThisCart: new Set(),
    });
    return priced.quote;
  });
}
