import { and, eq, ne, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { resolveMergedId } from "../../customers/create-customer.js";
import { orders } from "../../orders/tables.js";
import { normaliseCouponCode } from "../coupons/coupon-codes.js";
import { heldCount } from "../coupons/issue-coupons.js";
import {
  findCouponsByCodes,
  findCouponsByIds,
  findUsableCouponsOf,
  type HeldCoupon,
} from "./load-coupons.js";
import type { CartRequest } from "./price-held-coupons.js";

/** Which coupons a request looks at: the customer's best, typed codes, or a reservation's coupons. */
export type CouponSource =
  | { kind: "best" }
  | { kind: "codes"; codes: string[] }
  | { kind: "ids"; ids: string[] };

export type CartBasics = { cart: CartRequest; timeZone: string };

/**
 * The shop's time zone, the live customer (following merges) and a check that the store exists, in
 * one round trip (a quote is a handful of them); a merged customer takes the slow path.
 */
export async function loadCartBasics(tx: Tx, merchantId: string, cart: CartRequest): Promise<CartBasics> {
  const [row] = rowsOf<{
    time_zone: string | null;
    customer_found: boolean;
    merged: boolean;
    store_found: boolean;
  }>(
    await tx.execute(sql`
      select (select time_zone from merchants where id = ${merchantId}) as time_zone,
             c.id is not null as customer_found,
             c.merged_into_id is not null as merged,
             ${cart.storeId}::uuid is null
               or exists (select 1 from stores where merchant_id = ${merchantId} and id = ${cart.storeId}::uuid) as store_found
      from (select 1) as one
      left join customers c on c.merchant_id = ${merchantId} and c.id = ${cart.customerId}::uuid`),
  );
  if (!row?.time_zone) throw notFound("Merchant");
  if (!row.store_found) throw notFound("Store");
  let customerId = cart.customerId;
  if (customerId !== null) {
    if (!row.customer_found) throw notFound("Customer");
    if (row.merged) customerId = await resolveMergedId(tx, merchantId, customerId);
    if (!customerId) throw notFound("Customer");
  }
  return { cart: { ...cart, customerId }, timeZone: row.time_zone };
}

/** The coupons a request names, in the order named; codes that match nothing come back as missing. */
export async function loadHeldCoupons(
  tx: Tx,
  merchantId: string,
  source: CouponSource,
  customerId: string | null,
  now: Date,
  lock = false,
): Promise<{ held: HeldCoupon[]; missingCodes: string[] }> {
  if (source.kind === "best") {
    const held = customerId ? await findUsableCouponsOf(tx, merchantId, customerId, now, lock) : [];
    return { held, missingCodes: [] };
  }
  if (source.kind === "ids") {
    const rows = await findCouponsByIds(tx, merchantId, source.ids, lock);
    return { held: orderBy(rows, source.ids, (held) => held.coupon.id), missingCodes: [] };
  }
  const normalised = source.codes.map((typed) => ({ typed, code: normaliseCouponCode(typed) }));
  const rows = await findCouponsByCodes(
    tx,
    merchantId,
    normalised.flatMap(({ code }) => (code ? [code] : [])),
    lock,
  );
  const byCode = new Map(rows.map((held) => [held.coupon.code, held]));
  const held: HeldCoupon[] = [];
  const missingCodes: string[] = [];
  for (const { typed, code } of normalised) {
    const found = code ? byCode.get(code) : undefined;
    if (found) held.push(found);
    else missingCodes.push(typed);
  }
  return { held, missingCodes };
}

function orderBy<T>(rows: T[], order: string[], keyOf: (row: T) => string): T[] {
  const position = new Map(order.map((key, index) => [key, index]));
  return [...rows].sort((a, b) => (position.get(keyOf(a)) ?? 0) - (position.get(keyOf(b)) ?? 0));
}

/** A first order: the customer has no order that was not cancelled. Asked only when a first-order coupon is in play. */
export async function isFirstOrder(
  tx: Tx,
  merchantId: string,
  customerId: string | null,
  held: HeldCoupon[],
): Promise<boolean> {
  if (customerId === null) return false;
  const matters = held.some(({ template }) => (template.rule as { kind?: unknown }).kind === "first_order");
  if (!matters) return false;
  const [row] = await tx
    .select({ one: sql<number>`1` })
    .from(orders)
    .where(
      and(
        eq(orders.merchantId, merchantId),
        eq(orders.customerId, customerId),
        ne(orders.status, "cancelled"),
      ),
    )
    .limit(1);
  return !row;
}

/** For unassigned codes a customer would take: how many of each template the customer already holds. */
export async function countHeldByTemplate(
  tx: Tx,
  merchantId: string,
  customerId: string | null,
  held: HeldCoupon[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (customerId === null) return counts;
  for (const { coupon, template } of held) {
    if (coupon.customerId !== null || template.perCustomerLimit === null || counts.has(template.id)) continue;
    counts.set(template.id, await heldCount(tx, merchantId, template.id, customerId));
  }
  return counts;
}
