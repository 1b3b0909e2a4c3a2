import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { resolveMergedId } from "../../customers/create-customer.js";
import { orders } from "../../orders/tables.js";
import { normaliseCouponCode } from "../coupons/coupon-codes.js";
import { heldCount } from "../coupons/issue-coupons.js";
import {
  byCodes,
  byIds,
  bySoonestExpiry,
  type HeldCoupon,
  heldOf,
  heldQuery,
  type RawHeld,
  selectHeld,
  usableOf,
} from "./load-coupons.js";
import { type CartRequest, priceHeldCoupons } from "./price-held-coupons.js";
import type { Quote } from "./schemas.js";

/** Which coupons a request looks at: the customer's best, typed codes, or a reservation's coupons. */
export type CouponSource =
  | { kind: "best" }
  | { kind: "codes"; codes: string[] }
  | { kind: "ids"; ids: string[] };

/** What a quote, reservation or redeem reads before pricing. */
export type CheckoutSnapshot = {
  cart: CartRequest;
  timeZone: string;
  /** The customer has no order that was not cancelled (what a first-order coupon asks). */
  firstOrder: boolean;
  held: HeldCoupon[];
  missingCodes: string[];
};

type SnapshotRow = Partial<RawHeld> & {
  time_zone: string | null;
  customer_found: boolean;
  merged: boolean;
  store_found: boolean;
  first_order: boolean;
};

/**
 * The shop's time zone, the live customer and whether this is their first order, a check that the
 * store exists, and the coupons the request names (locked with `lock`), in one round trip: a quote
 * or a redeem is a handful of them, so each saved one shows. A merged customer takes the slow path.
 */
export async function loadCheckout(
  tx: Tx,
  merchantId: string,
  request: CartRequest,
  source: CouponSource,
  now: Date,
  lock: boolean,
): Promise<CheckoutSnapshot> {
  const codes = normalisedCodes(source);
  const where = couponFilter(merchantId, source, codes, request.customerId, now);
  const rows = rowsOf<SnapshotRow>(
    await tx.execute(sql`
      with basics as (
        select (select time_zone from merchants where id = ${merchantId}) as time_zone,
               c.id is not null as customer_found,
               c.merged_into_id is not null as merged,
               ${request.storeId}::uuid is null
                 or exists (select 1 from stores where merchant_id = ${merchantId} and id = ${request.storeId}::uuid)
                 as store_found,
               c.id is not null and not exists (
                 select 1 from orders o
                 where o.merchant_id = ${merchantId}::uuid and o.customer_id = c.id and o.status <> 'cancelled'
               ) as first_order
        from (select 1) as one
        left join customers c on c.merchant_id = ${merchantId} and c.id = ${request.customerId}::uuid
      )${where ? sql`, held as (${heldQuery(merchantId, where, lock)})` : sql``}
      select * from basics${where ? sql` left join held on true` : sql``}`),
  );
  const basics = rows[0];
  if (!basics?.time_zone) throw notFound("Merchant");
  if (!basics.store_found) throw notFound("Store");
  if (request.customerId !== null && !basics.customer_found) throw notFound("Customer");
  if (basics.merged)
    return loadForMergedCustomer(tx, merchantId, request, source, now, lock, basics.time_zone);
  const found = rows.flatMap((row) => (row.id ? [heldOf(row as RawHeld)] : []));
  return {
    cart: request,
    timeZone: basics.time_zone,
    firstOrder: basics.first_order,
    ...arrange(found, source, codes),
  };
}

/** The rare case: the customer was merged into another, whose coupons and orders count. */
async function loadForMergedCustomer(
  tx: Tx,
  merchantId: string,
  request: CartRequest,
  source: CouponSource,
  now: Date,
  lock: boolean,
  timeZone: string,
): Promise<CheckoutSnapshot> {
  const customerId = await resolveMergedId(tx, merchantId, request.customerId!);
  if (!customerId) throw notFound("Customer");
  const codes = normalisedCodes(source);
  const found = await selectHeld(
    tx,
    merchantId,
    couponFilter(merchantId, source, codes, customerId, now),
    lock,
  );
  return {
    cart: { ...request, customerId },
    timeZone,
    firstOrder: !(await hasOrders(tx, merchantId, customerId)),
    ...arrange(found, source, codes),
  };
}

type TypedCode = { typed: string; code: string | null };

const normalisedCodes = (source: CouponSource): TypedCode[] =>
  source.kind === "codes" ? source.codes.map((typed) => ({ typed, code: normaliseCouponCode(typed) })) : [];

function couponFilter(
  merchantId: string,
  source: CouponSource,
  codes: TypedCode[],
  customerId: string | null,
  now: Date,
): SQL | null {
  if (source.kind === "best") return customerId ? usableOf(merchantId, customerId, now) : null;
  if (source.kind === "ids") return byIds(source.ids);
  return byCodes(codes.flatMap(({ code }) => (code ? [code] : [])));
}

/** The coupons in the order the request named them (best: soonest expiry); codes matching nothing are missing. */
function arrange(found: HeldCoupon[], source: CouponSource, codes: TypedCode[]) {
  if (source.kind === "best") return { held: found.sort(bySoonestExpiry), missingCodes: [] };
  if (source.kind === "ids") {
    return { held: orderBy(found, source.ids, (held) => held.coupon.id), missingCodes: [] };
  }
  const byCode = new Map(found.map((held) => [held.coupon.code, held]));
  const held: HeldCoupon[] = [];
  const missingCodes: string[] = [];
  for (const { typed, code } of codes) {
    const match = code ? byCode.get(code) : undefined;
    if (match) held.push(match);
    else missingCodes.push(typed);
  }
  return { held, missingCodes };
}

function orderBy<T>(rows: T[], order: string[], keyOf: (row: T) => string): T[] {
  const position = new Map(order.map((key, index) => [key, index]));
  return [...rows].sort((a, b) => (position.get(keyOf(a)) ?? 0) - (position.get(keyOf(b)) ?? 0));
}

async function hasOrders(tx: Tx, merchantId: string, customerId: string): Promise<boolean> {
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
  return row !== undefined;
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

/** Prices a snapshot with the engine: the one path quote, reservation and redeem share. */
export async function priceCheckout(
  tx: Tx,
  merchantId: string,
  snapshot: CheckoutSnapshot,
  options: { mode: "chosen" | "best"; at: Date; reservedForThisCart?: ReadonlySet<string> },
): Promise<{ quote: Quote; applied: HeldCoupon[] }> {
  const { cart, held } = snapshot;
  return priceHeldCoupons({
    ...snapshot,
    mode: options.mode,
    at: options.at,
    heldCounts: await countHeldByTemplate(tx, merchantId, cart.customerId, held),
    reservedForThisCart: options.reservedForThisCart ?? new Set(),
  });
}
