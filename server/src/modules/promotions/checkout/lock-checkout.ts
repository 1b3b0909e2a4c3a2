import type { Tx } from "../../../db/tenant.js";
import { type CouponSource, loadHeldCoupons } from "./checkout-context.js";
import { type HeldCoupon, lockCoupons, lockTemplates } from "./load-coupons.js";

/**
 * Loads and locks (FOR UPDATE, id order) the coupons a redeem or reservation would change. Binding an
 * unassigned code to the customer counts against the template's per-customer limit, which issuing and
 * binding decide under the template's lock, taken before the coupon's: then the templates are locked
 * first, the same way. Everything else — the usual case — is one statement, and a template's budget is
 * charged at the very end with a conditional update, so parallel redeems of one campaign hold its row
 * only for that last statement.
 */
export async function lockHeldCoupons(
  tx: Tx,
  merchantId: string,
  source: CouponSource,
  customerId: string | null,
  now: Date,
): Promise<{ held: HeldCoupon[]; missingCodes: string[] }> {
  if (source.kind === "best" || customerId === null) {
    return loadHeldCoupons(tx, merchantId, source, customerId, now, true);
  }
  const found = await loadHeldCoupons(tx, merchantId, source, customerId, now);
  const binding = found.held.filter(
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
    found.held.map(({ coupon }) => coupon.id),
  );
  const held = found.held.flatMap(({ coupon, template }) => {
    const locked = coupons.get(coupon.id);
    return locked ? [{ coupon: locked, template: templates.get(template.id) ?? template }] : [];
  });
  return { held, missingCodes: found.missingCodes };
}
