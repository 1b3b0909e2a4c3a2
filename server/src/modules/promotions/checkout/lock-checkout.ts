import type { Tx } from "../../../db/tenant.js";
import { type CheckoutSnapshot, type CouponSource, loadCheckout } from "./checkout-context.js";
import { lockCoupons, lockTemplates } from "./load-coupons.js";
import type { CartRequest } from "./price-held-coupons.js";

/**
 * Reads what a redeem or reservation prices, locking (FOR UPDATE, id order) the coupons it would
 * change. Binding an unassigned code to the customer counts against the template's per-customer
 * limit, which issuing and binding decide under the template's lock, taken before the coupon's: then
 * the templates are locked first, the same way. Everything else — the usual case — is one statement,
 * and a template's budget is charged at the very end with a conditional update, so parallel redeems
 * of one campaign hold its row only from their last statement to the commit.
 */
export async function lockCheckout(
  tx: Tx,
  merchantId: string,
  request: CartRequest,
  source: CouponSource,
  now: Date,
): Promise<CheckoutSnapshot> {
  const lockAtOnce = source.kind === "best" || request.customerId === null;
  const snapshot = await loadCheckout(tx, merchantId, request, source, now, lockAtOnce);
  if (lockAtOnce) return snapshot;
  const binding = snapshot.held.filter(
    ({ coupon, template }) => coupon.customerId === null && template.perCustomerLimit !== null,
  );
  const templates = await lockTemplates(
    tx,
    merchantId,
    [...new Set(binding.map(({ template }) => template.id))].sort(),
  );
  const coupons = await lockCoupons(
    tx,
    merchantId,
    snapshot.held.map(({ coupon }) => coupon.id),
  );
  const held = snapshot.held.flatMap(({ coupon, template }) => {
    const locked = coupons.get(coupon.id);
    return locked ? [{ coupon: locked, template: templates.get(template.id) ?? template }] : [];
  });
  return { ...snapshot, held };
}
