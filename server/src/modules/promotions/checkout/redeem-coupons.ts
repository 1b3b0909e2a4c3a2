import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { requestHash } from "../../../lib/request-hash.js";
import { retryOnDeadlock } from "../../../lib/retry-on-deadlock.js";
import { type Actor, recordAudit } from "../../audit/record-audit.js";
import { insertEventsSql } from "../../events/record-events.js";
import { type CouponSource, priceCheckout } from "./checkout-context.js";
import type { HeldCoupon } from "./load-coupons.js";
import { lockCheckout } from "./lock-checkout.js";
import { type CartRequest, requireAllApplied } from "./price-held-coupons.js";
import { cartOf, couponSourceOf } from "./quote-cart.js";
import { loadRedemptionView } from "./redemption-views.js";
import {
  lockUsableReservation,
  markReservationRedeemed,
  requireReservationCustomer,
} from "./reservations.js";
import type { Quote, RedeemRequest, Redemption } from "./schemas.js";
import { couponRedemptions } from "./tables.js";

export type CheckoutContext = { actor: Actor; source: string; now: Date };

/** Raised inside the transaction when a parallel request with the same key committed first. */
class LostKeyRace extends Error {}

/**
 * Redeems coupons for a cart in one transaction: lock the coupons, price the cart again with the
 * engine (the quote's arithmetic), and consume exactly what was asked — all named coupons, or the
 * best set — recording each coupon's share of each line; a template's budget is charged last. The
 * same Idempotency-Key returns the first redemption, however parallel the calls.
 */
export async function redeemCoupons(
  database: Database,
  merchantId: string,
  request: RedeemRequest,
  idempotencyKey: string,
  context: CheckoutContext,
): Promise<{ redemption: Redemption; created: boolean }> {
  const hash = requestHash(request);
  try {
    return await retryOnDeadlock(() =>
      withMerchant(database, merchantId, async (tx) => {
        // A replay of a reservation's redeem must be found before the (now redeemed) reservation is
        // refused; any other replay shows below, as coupons that no longer apply or as the key's conflict.
        if (request.reservationId) {
          const replay = await findReplay(tx, merchantId, idempotencyKey, hash);
          if (replay) return { redemption: replay, created: false };
        }
        const reservation = request.reservationId
          ? await lockUsableReservation(tx, merchantId, request.reservationId, context.now)
          : null;
        const source: CouponSource = reservation
          ? { kind: "ids", ids: reservation.couponIds }
          : couponSourceOf(request.coupons ?? "best");
        const snapshot = await lockCheckout(tx, merchantId, cartOf(request), source, context.now);
        const { cart } = snapshot;
        if (reservation) requireReservationCustomer(reservation, cart.customerId);
        const mode = source.kind === "best" ? "best" : "chosen";
        const { quote, applied } = await priceCheckout(tx, merchantId, snapshot, {
          mode,
          at: context.now,
          reservedForThisCart: new Set(reservation?.couponIds ?? []),
        });
        try {
          requireAllApplied(quote, mode);
        } catch (error) {
          // A parallel twin with this key that committed first used these coupons: answer with its result.
          const twin = await findReplay(tx, merchantId, idempotencyKey, hash);
          if (twin) return { redemption: twin, created: false };
          throw error;
        }
        const redemption = await recordRedemption(tx, merchantId, {
          cart,
          quote,
          applied,
          hash,
          idempotencyKey,
          orderRef: request.orderRef ?? null,
          reservationId: reservation?.id ?? null,
          context,
        });
        if (reservation) await markReservationRedeemed(tx, merchantId, reservation.id, redemption.id);
        return { redemption, created: true };
      }),
    );
  } catch (error) {
    if (!(error instanceof LostKeyRace)) throw error;
    const replay = await withMerchant(database, merchantId, (tx) =>
      findReplay(tx, merchantId, idempotencyKey, hash),
    );
    if (!replay) throw new AppError("conflict", "A parallel request with this Idempotency-Key failed; retry");
    return { redemption: replay, created: false };
  }
}

async function findReplay(tx: Tx, merchantId: string, key: string, hash: string): Promise<Redemption | null> {
  const [row] = await tx
    .select()
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.merchantId, merchantId), eq(couponRedemptions.idempotencyKey, key)));
  if (!row) return null;
  if (row.requestHash !== hash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different redemption", {
      redemptionId: row.id,
    });
  }
  return loadRedemptionView(tx, row);
}

type Consumption = {
  cart: CartRequest;
  quote: Quote;
  applied: HeldCoupon[];
  hash: string;
  idempotencyKey: string;
  orderRef: string | null;
  reservationId: string | null;
  context: CheckoutContext;
};

/**
 * Writes the redemption in one statement: its row (ON CONFLICT DO NOTHING on the key: a parallel twin
 * that committed first leaves nothing written, and the caller replays it), one row per coupon, each
 * coupon's shares of the lines, the coupons marked redeemed (an unassigned code bound to the customer)
 * and the coupon.redeemed event. The coupons are locked and were screened, so every one must change.
 */
async function recordRedemption(tx: Tx, merchantId: string, input: Consumption): Promise<Redemption> {
  const { quote, applied, context } = input;
  const id = randomUUID();
  // A cart without a customer takes the coupons' owner, so the member's timeline shows the use.
  const customerId =
    input.cart.customerId ?? applied.find(({ coupon }) => coupon.customerId)?.coupon.customerId ?? null;
  const templateOf = new Map(applied.map(({ coupon, template }) => [coupon.id, template]));
  const charged = quote.applied.map((coupon) =>
    templateOf.get(coupon.couponId)!.budget === null ? 0 : coupon.discount + coupon.giftValue,
  );
  const gifts = quote.gifts.map(({ couponId, sku, name, quantity, value }) => ({
    couponId,
    sku,
    name,
    quantity,
    value,
  }));
  const used = quote.applied.map((coupon, index) => ({
    coupon_id: coupon.couponId,
    template_id: coupon.templateId,
    code: coupon.code,
    kind: coupon.kind,
    discount: coupon.discount,
    gift_value: coupon.giftValue,
    budget_charged: charged[index]!,
  }));
  const shares = quote.applied.flatMap((coupon) =>
    coupon.shares.map((share) => ({
      coupon_id: coupon.couponId,
      line_id: share.lineId,
      amount: share.amount,
    })),
  );
  const event = {
    redemptionId: id,
    couponIds: quote.applied.map((coupon) => coupon.couponId),
    templateIds: quote.applied.map((coupon) => coupon.templateId),
    discount: quote.totals.discount,
    giftValue: quote.totals.giftValue,
    storeId: input.cart.storeId,
    orderRef: input.orderRef,
  };
  const at = context.now.toISOString();
  const charges = chargesByTemplate(quote, charged);
  // One template to charge (the usual case) is charged in the same statement; more are charged one
  // by one in id order after it, so two carts sharing templates lock them in the same order.
  const chargeNow = charges.length === 1 ? charges[0]! : null;
  if (context.actor.kind === "staff") {
    await recordAudit(tx, merchantId, {
      actor: context.actor,
      action: "coupon.redeem",
      targetType: "coupon_redemption",
      targetId: id,
      details: { couponIds: event.couponIds, discount: quote.totals.discount },
    });
  }
  const [result] = rowsOf<{ created: number; consumed: number; charged: boolean }>(
    await tx.execute(sql`
      with redemption as (
        insert into coupon_redemptions (merchant_id, id, idempotency_key, request_hash, customer_id, store_id,
          order_ref, reservation_id, subtotal, discount, total, gift_value, lines, gifts, redeemed_at)
        values (${merchantId}::uuid, ${id}::uuid, ${input.idempotencyKey}::text, ${input.hash}::text,
          ${customerId}::uuid, ${input.cart.storeId}::uuid, ${input.orderRef}::text, ${input.reservationId}::uuid,
          ${quote.totals.before}::bigint, ${quote.totals.discount}::bigint, ${quote.totals.after}::bigint,
          ${quote.totals.giftValue}::bigint, ${JSON.stringify(quote.lines)}::jsonb, ${JSON.stringify(gifts)}::jsonb,
          ${at}::timestamptz)
        on conflict do nothing
        returning id
      ), used as (
        insert into coupon_redemption_coupons
          (merchant_id, redemption_id, coupon_id, template_id, code, kind, discount, gift_value, budget_charged)
        select ${merchantId}::uuid, redemption.id, x.coupon_id, x.template_id, x.code, x.kind, x.discount,
          x.gift_value, x.budget_charged
        from redemption, jsonb_to_recordset(${JSON.stringify(used)}::jsonb) as x(coupon_id uuid, template_id uuid,
          code text, kind text, discount bigint, gift_value bigint, budget_charged bigint)
      ), shares as (
        insert into coupon_redemption_shares (merchant_id, redemption_id, coupon_id, line_id, amount)
        select ${merchantId}::uuid, redemption.id, x.coupon_id, x.line_id, x.amount
        from redemption, jsonb_to_recordset(${JSON.stringify(shares)}::jsonb) as x(coupon_id uuid, line_id text,
          amount bigint)
      ), consumed as (
        update coupons set status = 'redeemed', redemption_id = ${id}::uuid,
          redeemed_at = ${at}::timestamptz, reserved_until = null,
          bound_at = case when customer_id is null and ${customerId}::uuid is not null then ${at}::timestamptz
            else bound_at end,
          customer_id = coalesce(customer_id, ${customerId}::uuid)
        where merchant_id = ${merchantId}::uuid
          and id = any(${`{${event.couponIds.join(",")}}`}::uuid[])
          and status in ('available', 'reserved')
          and exists (select 1 from redemption)
        returning id
      ), event as (
        ${insertEventsSql(merchantId, {
          from: sql`redemption`,
          customerId: sql`${customerId}::uuid`,
          type: sql`'coupon.redeemed'::text`,
          properties: sql`${JSON.stringify(event)}::jsonb`,
          occurredAt: context.now,
          source: context.source,
        })}
      )${chargeNow ? sql`, charged as (${chargeSql(merchantId, chargeNow)})` : sql``}
      select (select count(*) from redemption)::int as created, (select count(*) from consumed)::int as consumed,
        ${chargeNow ? sql`exists (select 1 from charged)` : sql`true`} as charged`),
  );
  if (!result || result.created === 0) throw new LostKeyRace();
  if (result.consumed !== quote.applied.length) {
    throw new AppError("internal", "A locked coupon changed under its lock");
  }
  if (!result.charged) throw budgetExhausted(chargeNow!.templateId);
  // Last, so a campaign's template row is held only from here to the commit.
  if (!chargeNow) await chargeBudgets(tx, merchantId, charges);
  return {
    id,
    status: "redeemed",
    customerId,
    storeId: input.cart.storeId,
    orderRef: input.orderRef,
    reservationId: input.reservationId,
    subtotal: quote.totals.before,
    discount: quote.totals.discount,
    total: quote.totals.after,
    giftValue: quote.totals.giftValue,
    lines: quote.lines,
    gifts,
    coupons: [...quote.applied]
      .sort((x, y) => (x.couponId < y.couponId ? -1 : 1))
      .map(({ couponId, templateId, code, kind, discount, giftValue, shares: lineShares }) => ({
        couponId,
        templateId,
        code,
        kind,
        discount,
        giftValue,
        shares: lineShares,
      })),
    redeemedAt: at,
    rolledBackAt: null,
  };
}

type Charge = { templateId: string; amount: number };

/** What each template's budget is charged, in template id order. */
function chargesByTemplate(quote: Quote, charged: number[]): Charge[] {
  const byTemplate = new Map<string, number>();
  quote.applied.forEach((coupon, index) => {
    if (charged[index]! > 0)
      byTemplate.set(coupon.templateId, (byTemplate.get(coupon.templateId) ?? 0) + charged[index]!);
  });
  return [...byTemplate]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([templateId, amount]) => ({ templateId, amount }));
}

/**
 * Adds the discount to the template's spent with a conditional update: the row is locked only from
 * here to the commit, and a budget a parallel redeem used up meanwhile fails this one (nothing kept).
 */
function chargeSql(merchantId: string, { templateId, amount }: Charge) {
  return sql`
    update coupon_templates set spent = spent + ${amount}::bigint
    where merchant_id = ${merchantId}::uuid and id = ${templateId}::uuid
      and (budget is null or spent + ${amount}::bigint <= budget)
    returning id`;
}

async function chargeBudgets(tx: Tx, merchantId: string, charges: Charge[]): Promise<void> {
  for (const charge of charges) {
    const rows = rowsOf<{ id: string }>(await tx.execute(chargeSql(merchantId, charge)));
    if (rows.length === 0) throw budgetExhausted(charge.templateId);
  }
}

const budgetExhausted = (templateId: string) =>
  new AppError("coupon_not_applicable", "The promotion's budget is used up", {
    reason: "budget_exhausted",
    templateId,
  });
