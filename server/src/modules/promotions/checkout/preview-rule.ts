import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { readMerchantTimeZone } from "../../insight/conditions/merchant-clock.js";
import { storeBriefs } from "../../stores/find-stores.js";
import { priceCart } from "../engine/price-cart.js";
import { cartLinesOf } from "./price-held-coupons.js";
import type { Quote, RulePreviewRequest } from "./schemas.js";

/** The code a previewed rule is priced under: no coupon is issued or read. */
export const previewCode = "PREVIEW";

/**
 * Prices a sample cart with a rule that need not be saved — the template editor's live preview of
 * an unsaved or edited template — through the same engine and arithmetic as a quote. The sample
 * counts as a first order and the coupon as valid and within budget; it writes nothing.
 */
export async function previewRule(
  database: Database,
  merchantId: string,
  request: RulePreviewRequest,
  now: Date,
): Promise<Quote> {
  const cart = { customerId: null, storeId: request.storeId ?? null, lines: request.lines };
  // Only the shop's time zone is needed (and a named store must exist); no coupon or customer is read.
  const timeZone = await readAsMerchant(database, merchantId, async (tx) => {
    if (cart.storeId && (await storeBriefs(tx, merchantId, [cart.storeId])).size === 0)
      throw notFound("Store");
    return readMerchantTimeZone(tx, merchantId);
  });
  return priceCart({
    lines: cartLinesOf(cart),
    storeId: cart.storeId,
    at: request.at ? new Date(request.at) : now,
    timeZone,
    firstOrder: true,
    coupons: [
      {
        couponId: previewCode,
        code: previewCode,
        templateId: previewCode,
        rule: request.rule,
        validFrom: null,
        validUntil: null,
        budgetLeft: null,
      },
    ],
    mode: "chosen",
  });
}
