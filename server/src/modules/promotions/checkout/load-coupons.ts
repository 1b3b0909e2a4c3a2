import { and, asc, eq, gt, inArray, isNotNull, lte, or, type SQL } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { CouponRow } from "../coupons/issue-coupons.js";
import { coupons, couponTemplates } from "../coupons/tables.js";
import type { TemplateRow } from "../coupons/templates.js";

/** An issued coupon with its template (rule, budget, per-customer limit). */
export type HeldCoupon = { coupon: CouponRow; template: TemplateRow };

/** "best" looks at this many of the customer's coupons, those expiring first. */
export const maxBestCandidates = 20;

/**
 * Coupons with their templates. With `lock`, the coupons (not the templates) are locked FOR UPDATE in
 * id order, in the same statement: two carts sharing coupons queue instead of deadlocking.
 */
async function selectHeld(tx: Tx, merchantId: string, where: SQL, lock: boolean): Promise<HeldCoupon[]> {
  const query = tx
    .select({ coupon: coupons, template: couponTemplates })
    .from(coupons)
    .innerJoin(
      couponTemplates,
      and(eq(couponTemplates.merchantId, coupons.merchantId), eq(couponTemplates.id, coupons.templateId)),
    )
    .where(and(eq(coupons.merchantId, merchantId), where))
    .orderBy(asc(coupons.id));
  return lock ? query.for("update", { of: coupons }) : query;
}

export function findCouponsByCodes(tx: Tx, merchantId: string, codes: string[], lock = false) {
  if (codes.length === 0) return Promise.resolve([]);
  return selectHeld(tx, merchantId, inArray(coupons.code, codes), lock);
}

export function findCouponsByIds(tx: Tx, merchantId: string, ids: string[], lock = false) {
  if (ids.length === 0) return Promise.resolve([]);
  return selectHeld(tx, merchantId, inArray(coupons.id, ids), lock);
}

/** The customer's coupons usable now (available, or held by a reservation that has run out), soonest expiry first. */
export async function findUsableCouponsOf(
  tx: Tx,
  merchantId: string,
  customerId: string,
  now: Date,
  lock = false,
): Promise<HeldCoupon[]> {
  const soonest = tx
    .select({ id: coupons.id })
    .from(coupons)
    .where(
      and(
        eq(coupons.merchantId, merchantId),
        eq(coupons.customerId, customerId),
        gt(coupons.validUntil, now),
        or(
          eq(coupons.status, "available"),
          and(
            eq(coupons.status, "reserved"),
            isNotNull(coupons.reservedUntil),
            lte(coupons.reservedUntil, now),
          ),
        ),
      ),
    )
    .orderBy(asc(coupons.validUntil), asc(coupons.id))
    .limit(maxBestCandidates);
  const rows = await selectHeld(tx, merchantId, inArray(coupons.id, soonest), lock);
  return rows.sort(
    (a, b) =>
      a.coupon.validUntil.getTime() - b.coupon.validUntil.getTime() || (a.coupon.id < b.coupon.id ? -1 : 1),
  );
}

/** Locks templates (FOR UPDATE) in id order: the order issuing and binding take them, before any coupon. */
export async function lockTemplates(
  tx: Tx,
  merchantId: string,
  ids: string[],
): Promise<Map<string, TemplateRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(couponTemplates)
    .where(and(eq(couponTemplates.merchantId, merchantId), inArray(couponTemplates.id, ids)))
    .orderBy(asc(couponTemplates.id))
    .for("update");
  return new Map(rows.map((row) => [row.id, row]));
}

/** Locks coupons (FOR UPDATE) in id order. */
export async function lockCoupons(
  tx: Tx,
  merchantId: string,
  ids: string[],
): Promise<Map<string, CouponRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(coupons)
    .where(and(eq(coupons.merchantId, merchantId), inArray(coupons.id, ids)))
    .orderBy(asc(coupons.id))
    .for("update");
  return new Map(rows.map((row) => [row.id, row]));
}
