import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { CouponRow } from "../coupons/issue-coupons.js";
import { coupons, couponTemplates } from "../coupons/tables.js";
import type { TemplateRow } from "../coupons/templates.js";

/** What checkout reads of an issued coupon and of its template (rule, budget, per-customer limit). */
export type HeldCouponRow = Pick<
  CouponRow,
  "id" | "code" | "templateId" | "customerId" | "status" | "validFrom" | "validUntil" | "reservedUntil"
>;
export type HeldTemplateRow = Pick<TemplateRow, "id" | "rule" | "budget" | "spent" | "perCustomerLimit">;
export type HeldCoupon = { coupon: HeldCouponRow; template: HeldTemplateRow };

/** "best" looks at this many of the customer's coupons, those expiring first. */
export const maxBestCandidates = 20;

/** A row of `heldQuery`. */
export type RawHeld = {
  id: string;
  code: string;
  template_id: string;
  customer_id: string | null;
  status: CouponRow["status"];
  valid_from: Date | string;
  valid_until: Date | string;
  reserved_until: Date | string | null;
  rule: Record<string, unknown>;
  budget: string | null;
  spent: string;
  per_customer_limit: number | null;
};

/**
 * Coupons with their templates, only the columns checkout uses, as plain SQL: on the redeem path the
 * query builder's cost showed (a join of two wide tables, built and mapped per call). With `lock`,
 * the coupons (not the templates) are locked FOR UPDATE in id order in the same statement, so two
 * carts sharing coupons queue instead of deadlocking.
 */
export function heldQuery(merchantId: string, where: SQL, lock: boolean): SQL {
  return sql`
    select c.id, c.code, c.template_id, c.customer_id, c.status, c.valid_from, c.valid_until, c.reserved_until,
           t.rule, t.budget::text as budget, t.spent::text as spent, t.per_customer_limit
    from coupons c
    join coupon_templates t on t.merchant_id = c.merchant_id and t.id = c.template_id
    where c.merchant_id = ${merchantId}::uuid and ${where}
    order by c.id
    ${lock ? sql`for update of c` : sql``}`;
}

export function heldOf(row: RawHeld): HeldCoupon {
  return {
    coupon: {
      id: row.id,
      code: row.code,
      templateId: row.template_id,
      customerId: row.customer_id,
      status: row.status,
      validFrom: new Date(row.valid_from),
      validUntil: new Date(row.valid_until),
      reservedUntil: row.reserved_until === null ? null : new Date(row.reserved_until),
    },
    template: {
      id: row.template_id,
      rule: row.rule,
      budget: row.budget === null ? null : Number(row.budget),
      spent: Number(row.spent),
      perCustomerLimit: row.per_customer_limit,
    },
  };
}

/** A Postgres array literal of ids or codes (both drawn from safe alphabets, checked before they get here). */
const arrayLiteral = (values: string[]) => `{${values.join(",")}}`;

export const byCodes = (codes: string[]) =>
  codes.length === 0 ? null : sql`c.code = any(${arrayLiteral(codes)}::text[])`;

export const byIds = (ids: string[]) =>
  ids.length === 0 ? null : sql`c.id = any(${arrayLiteral(ids)}::uuid[])`;

/** The customer's coupons usable now (available, or held by a reservation that has run out), the first to expire. */
export function usableOf(merchantId: string, customerId: string, now: Date): SQL {
  const at = now.toISOString();
  return sql`c.id in (
    select id from coupons
    where merchant_id = ${merchantId}::uuid and customer_id = ${customerId}::uuid
      and valid_until > ${at}::timestamptz
      and (status = 'available' or (status = 'reserved' and reserved_until <= ${at}::timestamptz))
    order by valid_until, id
    limit ${maxBestCandidates})`;
}

/** Soonest expiry first: the order "best" considers a customer's coupons in. */
export const bySoonestExpiry = (a: HeldCoupon, b: HeldCoupon) =>
  a.coupon.validUntil.getTime() - b.coupon.validUntil.getTime() || (a.coupon.id < b.coupon.id ? -1 : 1);

export async function selectHeld(tx: Tx, merchantId: string, where: SQL | null, lock: boolean) {
  if (where === null) return [];
  return rowsOf<RawHeld>(await tx.execute(heldQuery(merchantId, where, lock))).map(heldOf);
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
