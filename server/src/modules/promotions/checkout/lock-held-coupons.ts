import type { Tx } from "../../../db/tenant.js";
import { type HeldCoupon, lockCoupons, lockTemplates } from "./load-coupons.js";

/**
 * Locks what a redeem or reservation changes, templates first (those whose budget moves, or whose
 * per-customer limit an unassigned code would count against), then the coupons, each in id order:
 * the order issuing and binding also take, so none of them deadlock. Returns the rows as locked;
 * a coupon deleted meanwhile drops out.
 */
export async function lockHeldCoupons(
  tx: Tx,
  merchantId: string,
  held: HeldCoupon[],
  customerId: string | null,
): Promise<HeldCoupon[]> {
  const templateIds = new Set<string>();
  for (const { coupon, template } of held) {
    const bindsUnderLimit =
      coupon.customerId === null && customerId !== null && template.perCustomerLimit !== null;
    if (template.budget !== null || bindsUnderLimit) templateIds.add(template.id);
  }
  const templates = await lockTemplates(tx, merchantId, [...templateIds].sort());
  const coupons = await lockCoupons(
    tx,
    merchantId,
    held.map(({ coupon }) => coupon.id),
  );
  return held.flatMap(({ coupon, template }) => {
    const lockedCoupon = coupons.get(coupon.id);
    return lockedCoupon ? [{ coupon: lockedCoupon, template: templates.get(template.id) ?? template }] : [];
  });
}
