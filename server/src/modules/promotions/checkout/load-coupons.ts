import { and, asc, eq, gt, inArray, isNotNull, lte, or } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { CouponRow } from "../coupons/issue-coupons.js";
import { coupons, couponTemplates } from "../coupons/tables.js";
import type { TemplateRow } from "../coupons/templates.js";

/** An issued coupon with its template (rule, budget, per-customer limit). */
export type HeldCoupon = { coupon: CouponRow; template: TemplateRow };

/** "best" looks at this many of the customer's coupons, those expiring first. */
export const maxBestCandidates = 20;

function selectHeld(tx: Tx) {
  return tx
    .select({ coupon: coupons, template: couponTemplates })
    .from(coupons)
    .innerJoin(
      couponTemplates,
      and(eq(couponTemplates.merchantId, coupons.merchantId), eq(couponTemplates.id, coupons.templateId)),
    )
    .$dynamic();
}

export async function findCouponsByCodes(tx: Tx, merchantId: string, codes: string[]): Promise<HeldCoupon[]> {
  if (codes.length === 0) return [];
  return selectHeld(tx).where(and(eq(coupons.merchantId, merchantId), inArray(coupons.code, codes)));
}

export async function findCouponsByIds(tx: Tx, merchantId: string, ids: string[]): Promise<HeldCoupon[]> {
  if (ids.length === 0) return [];
  return selectHeld(tx).where(and(eq(coupons.merchantId, merchantId), inArray(coupons.id, ids)));
}

/** The customer's coupons usable now (available, or held by a reservation that has run out), soonest expiry first. */
export async function findUsableCouponsOf(
  tx: Tx,
  merchantId: string,
  customerId: string,
  now: Date,
): Promise<HeldCoupon[]> {
  return selectHeld(tx)
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
}

/** Locks templates (FOR UPDATE) in id order: the order issuing also takes them, before any coupon. */
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

/** Locks coupons (FOR UPDATE) in id order, so two carts sharing coupons never deadlock. */
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
