import { AppError } from "../../../errors.js";
import type { CandidateCoupon, CartLine } from "../engine/cart-types.js";
import { CouponRuleSchema } from "../engine/coupon-rule.js";
import { priceCart } from "../engine/price-cart.js";
import { type CheckoutReason, describeCheckoutReason } from "./checkout-reasons.js";
import type { HeldCoupon } from "./load-coupons.js";
import type { Quote, Rejection } from "./schemas.js";

export type CartRequest = {
  customerId: string | null;
  storeId: string | null;
  lines: { lineId?: string; sku: string; category?: string | null; quantity: number; unitPrice: number }[];
};

export type PricingInput = {
  cart: CartRequest;
  /** The coupons looked at, in the order asked for; codes that matched nothing are listed apart. */
  held: HeldCoupon[];
  missingCodes: string[];
  mode: "chosen" | "best";
  at: Date;
  timeZone: string;
  firstOrder: boolean;
  /** Coupons the customer already holds per template (for binding unassigned codes under the limit). */
  heldCounts: ReadonlyMap<string, number>;
  /** Coupons this cart's own reservation holds: usable here though reserved. */
  reservedForThisCart: ReadonlySet<string>;
};

export function cartLinesOf(cart: CartRequest): CartLine[] {
  return cart.lines.map((line, index) => ({
    lineId: line.lineId ?? String(index + 1),
    sku: line.sku,
    category: line.category ?? null,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
  }));
}

/**
 * Screens the coupon rows (used, void, someone else's, held for another cart, over the per-customer
 * limit), then prices the cart with the engine. The same function serves quote, reservation and redeem.
 */
export function priceHeldCoupons(input: PricingInput): { quote: Quote; applied: HeldCoupon[] } {
  const rejected: Rejection[] = input.missingCodes.map((code) =>
    rejection(null, code, null, { code: "not_found" }),
  );
  const candidates: CandidateCoupon[] = [];
  const byId = new Map<string, HeldCoupon>();
  for (const held of input.held) {
    const reason = screenHeldCoupon(held, input);
    if (reason) {
      rejected.push(rejection(held.coupon.id, held.coupon.code, held.coupon.templateId, reason));
      continue;
    }
    byId.set(held.coupon.id, held);
    candidates.push(candidateOf(held));
  }
  const priced = priceCart({
    lines: cartLinesOf(input.cart),
    storeId: input.cart.storeId,
    at: input.at,
    timeZone: input.timeZone,
    firstOrder: input.firstOrder,
    coupons: candidates,
    mode: input.mode,
  });
  return {
    quote: { ...priced, rejected: [...rejected, ...priced.rejected] },
    applied: priced.applied.map((applied) => byId.get(applied.couponId)!),
  };
}

function candidateOf({ coupon, template }: HeldCoupon): CandidateCoupon {
  return {
    couponId: coupon.id,
    code: coupon.code,
    templateId: coupon.templateId,
    rule: CouponRuleSchema.parse(template.rule),
    validFrom: coupon.validFrom,
    validUntil: coupon.validUntil,
    budgetLeft: template.budget === null ? null : template.budget - template.spent,
  };
}

function screenHeldCoupon({ coupon, template }: HeldCoupon, input: PricingInput): CheckoutReason | null {
  if (coupon.status === "redeemed") return { code: "already_redeemed" };
  if (coupon.status === "void") return { code: "void" };
  if (coupon.status === "expired") return { code: "expired", validUntil: coupon.validUntil.toISOString() };
  const reservedUntil = coupon.reservedUntil;
  if (
    coupon.status === "reserved" &&
    reservedUntil !== null &&
    reservedUntil > input.at &&
    !input.reservedForThisCart.has(coupon.id)
  ) {
    return { code: "reserved", reservedUntil: reservedUntil.toISOString() };
  }
  const customerId = input.cart.customerId;
  if (coupon.customerId !== null && customerId !== null && coupon.customerId !== customerId) {
    return { code: "wrong_customer" };
  }
  if (coupon.customerId === null && customerId !== null && template.perCustomerLimit !== null) {
    const held = input.heldCounts.get(template.id) ?? 0;
    if (held + 1 > template.perCustomerLimit)
      return { code: "limit_reached", limit: template.perCustomerLimit, held };
  }
  return null;
}

function rejection(
  couponId: string | null,
  code: string,
  templateId: string | null,
  reason: CheckoutReason,
): Rejection {
  return { couponId, code, templateId, reason, message: describeCheckoutReason(reason) };
}

/**
 * Redeem and reserve take all the coupons named or none: a code that no longer applies (used by a
 * parallel cart, below its minimum now …) fails the call with the reason, and the POS quotes again.
 * "best" needs at least one coupon to apply.
 */
export function requireAllApplied(quote: Quote, mode: "chosen" | "best"): void {
  const first = quote.rejected[0];
  if (mode === "chosen" && first) {
    throw new AppError("coupon_not_applicable", `Coupon ${first.code}: ${first.message.en}`, {
      reason: first.reason.code,
      code: first.code,
      rejected: quote.rejected,
    });
  }
  if (mode === "best" && quote.applied.length === 0) {
    throw new AppError("coupon_not_applicable", "No coupon of this customer applies to this cart", {
      reason: "none_applicable",
      rejected: quote.rejected,
    });
  }
}
