import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { customerBriefs } from "../../customers/customer-briefs.js";
import { quoteCart } from "../checkout/quote-cart.js";
import { type CheckoutContext, redeemCoupons } from "../checkout/redeem-coupons.js";
import type { Quote, RedeemRequest } from "../checkout/schemas.js";
import { normaliseCouponCode } from "../coupons/coupon-codes.js";
import { couponOf } from "../coupons/coupon-views.js";
import { coupons, couponTemplates } from "../coupons/tables.js";
import type { VerifyCoupon, VerifyQuote, VerifyRequest, VerifyResult } from "./schemas.js";

/**
 * The counter's purchase as a cart of one line: the clerk types what the member pays, not the
 * items. A coupon limited to some categories or skus finds no eligible line here and says so.
 */
export const inStoreSku = "in-store";

function cartFor(amount: number) {
  return [{ lineId: "1", sku: inStoreSku, quantity: 1, unitPrice: amount }];
}

/** The stored code for what the clerk typed or scanned; a malformed one is a 400 naming `path`. */
function codeOrFail(typed: string, path: string): string {
  const code = normaliseCouponCode(typed);
  if (!code) {
    throw new AppError("validation_failed", `Invalid request: ${path}: not a coupon code`, {
      issues: [{ path, message: "12 letters and digits, as shown under the member's QR code" }],
    });
  }
  return code;
}

type Found = Omit<VerifyCoupon, "quote">;

async function findCoupon(database: Database, merchantId: string, code: string, now: Date): Promise<Found> {
  return readAsMerchant(database, merchantId, async (tx) => {
    const [found] = await tx
      .select({ coupon: coupons, template: couponTemplates })
      .from(coupons)
      .innerJoin(
        couponTemplates,
        and(eq(couponTemplates.merchantId, coupons.merchantId), eq(couponTemplates.id, coupons.templateId)),
      )
      .where(and(eq(coupons.merchantId, merchantId), eq(coupons.code, code)));
    if (!found) throw notFound("Coupon");
    const { coupon, template } = found;
    const owner = coupon.customerId;
    const customer = owner ? ((await customerBriefs(tx, merchantId, [owner])).get(owner) ?? null) : null;
    return {
      coupon: { ...couponOf(coupon, template, now), description: template.description },
      customer,
    };
  });
}

function quoteView(amount: number, quote: Quote): VerifyQuote {
  const applicable = quote.applied.length > 0;
  return {
    amount,
    applicable,
    discount: quote.totals.discount,
    payable: quote.totals.after,
    giftValue: quote.totals.giftValue,
    gifts: quote.gifts.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
    rejection: applicable ? null : (quote.rejected[0] ?? null),
  };
}

/**
 * A coupon the clerk scanned: what it is, whose, and — given the purchase amount — what it takes off
 * it, priced by the checkout's quote (the engine's arithmetic, a dry run that writes nothing).
 */
export async function lookUpCoupon(
  database: Database,
  merchantId: string,
  typed: string,
  purchase: { amount?: number; storeId?: string },
  now: Date,
): Promise<VerifyCoupon> {
  const code = codeOrFail(typed, "params.code");
  const found = await findCoupon(database, merchantId, code, now);
  if (purchase.amount === undefined) return { ...found, quote: null };
  const quote = await quoteCart(
    database,
    merchantId,
    {
      customerId: found.coupon.customerId ?? undefined,
      storeId: purchase.storeId,
      lines: cartFor(purchase.amount),
      coupons: [code],
    },
    now,
  );
  return { ...found, quote: quoteView(purchase.amount, quote) };
}

/**
 * 核销: redeems the coupon on the purchase through the checkout's redeem (the same locks, limits,
 * budget and arithmetic as the POS), so of any number of parallel taps one redeems and the others
 * get the reason. The clerk's Idempotency-Key gets its own prefix, apart from the POS's keys.
 */
export async function verifyCoupon(
  database: Database,
  merchantId: string,
  request: VerifyRequest,
  idempotencyKey: string,
  context: CheckoutContext,
): Promise<{ result: VerifyResult; created: boolean }> {
  const code = codeOrFail(request.code, "body.code");
  const before = await findCoupon(database, merchantId, code, context.now);
  const redeem: RedeemRequest = {
    customerId: before.coupon.customerId ?? undefined,
    storeId: request.storeId,
    lines: cartFor(request.amount),
    coupons: [code],
  };
  const { redemption, created } = await redeemCoupons(
    database,
    merchantId,
    redeem,
    `coupon-verify:${idempotencyKey}`,
    context,
  );
  const after = await findCoupon(database, merchantId, code, context.now);
  return {
    created,
    result: {
      ...after,
      redemption: {
        id: redemption.id,
        storeId: redemption.storeId,
        subtotal: redemption.subtotal,
        discount: redemption.discount,
        total: redemption.total,
        giftValue: redemption.giftValue,
        gifts: redemption.gifts.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
        redeemedAt: redemption.redeemedAt,
      },
    },
  };
}
