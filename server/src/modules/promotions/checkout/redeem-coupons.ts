import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { requestHash } from "../../../lib/request-hash.js";
import { type Actor, recordAudit } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { coupons, couponTemplates } from "../coupons/tables.js";
import { countHeldByTemplate, isFirstOrder, loadCartBasics, loadHeldCoupons } from "./checkout-context.js";
import type { HeldCoupon } from "./load-coupons.js";
import { lockHeldCoupons } from "./lock-held-coupons.js";
import { type CartRequest, priceHeldCoupons, requireAllApplied } from "./price-held-coupons.js";
import { cartOf, couponSourceOf } from "./quote-cart.js";
import { loadRedemptionView } from "./redemption-views.js";
import { lockUsableReservation, markReservationRedeemed } from "./reservations.js";
import type { Quote, RedeemRequest, Redemption } from "./schemas.js";
import { couponRedemptionCoupons, couponRedemptionShares, couponRedemptions } from "./tables.js";

export type CheckoutContext = { actor: Actor; source: string; now: Date };

/** Raised inside the transaction when a parallel request with the same key committed first. */
class LostKeyRace extends Error {}

/**
 * Redeems coupons for a cart in one transaction: lock the templates whose budget moves and the
 * coupons, price the cart again with the engine (the quote's arithmetic), and consume exactly what
 * was asked — all named coupons, or the best set — recording each coupon's share of each line. The
 * same Idempotency-Key returns the first redemption.
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
    return await withMerchant(database, merchantId, async (tx) => {
      const replay = await findReplay(tx, merchantId, idempotencyKey, hash);
      if (replay) return { redemption: replay, created: false };
      const { cart, timeZone } = await loadCartBasics(tx, merchantId, cartOf(request));
      const reservation = request.reservationId
        ? await lockUsableReservation(tx, merchantId, request.reservationId, cart.customerId, context.now)
        : null;
      const source = reservation
        ? { kind: "ids" as const, ids: reservation.couponIds }
        : couponSourceOf(request.coupons ?? "best");
      const found = await loadHeldCoupons(tx, merchantId, source, cart.customerId, context.now);
      const held = await lockHeldCoupons(tx, merchantId, found.held, cart.customerId);
      // Checked again under the locks: a parallel twin with this key has committed by now.
      const twin = await findReplay(tx, merchantId, idempotencyKey, hash);
      if (twin) return { redemption: twin, created: false };
      const mode = source.kind === "best" ? "best" : "chosen";
      const { quote, applied } = priceHeldCoupons({
        cart,
        held,
        missingCodes: found.missingCodes,
        mode,
        at: context.now,
        timeZone,
        firstOrder: await isFirstOrder(tx, merchantId, cart.customerId, held),
        heldCounts: await countHeldByTemplate(tx, merchantId, cart.customerId, held),
        reservedForThisCart: new Set(reservation?.couponIds ?? []),
      });
      requireAllApplied(quote, mode);
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
    });
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

async function recordRedemption(tx: Tx, merchantId: string, input: Consumption): Promise<Redemption> {
  const { quote, applied, context } = input;
  const id = randomUUID();
  // A cart without a customer takes the coupons' owner, so the member's timeline shows the use.
  const customerId =
    input.cart.customerId ?? applied.find(({ coupon }) => coupon.customerId)?.coupon.customerId ?? null;
  const [row] = await tx
    .insert(couponRedemptions)
    .values({
      merchantId,
      id,
      idempotencyKey: input.idempotencyKey,
      requestHash: input.hash,
      customerId,
      storeId: input.cart.storeId,
      orderRef: input.orderRef,
      reservationId: input.reservationId,
      subtotal: quote.totals.before,
      discount: quote.totals.discount,
      total: quote.totals.after,
      giftValue: quote.totals.giftValue,
      lines: quote.lines,
      gifts: quote.gifts.map(({ couponId, sku, name, quantity, value }) => ({
        couponId,
        sku,
        name,
        quantity,
        value,
      })),
      redeemedAt: context.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new LostKeyRace();
  const templateOf = new Map(applied.map(({ coupon, template }) => [coupon.id, template]));
  const charged = quote.applied.map((coupon) => {
    const template = templateOf.get(coupon.couponId)!;
    return template.budget === null ? 0 : coupon.discount + coupon.giftValue;
  });
  await tx.insert(couponRedemptionCoupons).values(
    quote.applied.map((coupon, index) => ({
      merchantId,
      redemptionId: id,
      couponId: coupon.couponId,
      templateId: coupon.templateId,
      code: coupon.code,
      kind: coupon.kind,
      discount: coupon.discount,
      giftValue: coupon.giftValue,
      budgetCharged: charged[index]!,
    })),
  );
  const shares = quote.applied.flatMap((coupon) =>
    coupon.shares.map((share) => ({ merchantId, redemptionId: id, couponId: coupon.couponId, ...share })),
  );
  if (shares.length > 0) await tx.insert(couponRedemptionShares).values(shares);
  await consumeCoupons(tx, merchantId, id, customerId, applied, context.now);
  await chargeBudgets(tx, merchantId, quote, charged);
  await recordEvent(tx, merchantId, {
    customerId,
    type: "coupon.redeemed",
    properties: {
      redemptionId: id,
      couponIds: quote.applied.map((coupon) => coupon.couponId),
      templateIds: quote.applied.map((coupon) => coupon.templateId),
      discount: quote.totals.discount,
      giftValue: quote.totals.giftValue,
      storeId: input.cart.storeId,
      orderRef: input.orderRef,
    },
    occurredAt: context.now,
    source: context.source,
  });
  if (context.actor.kind === "staff") {
    await recordAudit(tx, merchantId, {
      actor: context.actor,
      action: "coupon.redeem",
      targetType: "coupon_redemption",
      targetId: id,
      details: { couponIds: quote.applied.map((coupon) => coupon.couponId), discount: quote.totals.discount },
    });
  }
  return loadRedemptionView(tx, row);
}

async function consumeCoupons(
  tx: Tx,
  merchantId: string,
  redemptionId: string,
  customerId: string | null,
  applied: HeldCoupon[],
  now: Date,
): Promise<void> {
  const ids = applied.map(({ coupon }) => coupon.id);
  const at = now.toISOString();
  const consumed = await tx
    .update(coupons)
    .set({
      status: "redeemed",
      redemptionId,
      redeemedAt: now,
      reservedUntil: null,
      customerId: sql`coalesce(${coupons.customerId}, ${customerId}::uuid)`,
      boundAt: sql`case when ${coupons.customerId} is null and ${customerId}::uuid is not null then ${at}::timestamptz else ${coupons.boundAt} end`,
    })
    .where(
      and(
        eq(coupons.merchantId, merchantId),
        inArray(coupons.id, ids),
        inArray(coupons.status, ["available", "reserved"]),
      ),
    )
    .returning({ id: coupons.id });
  // The rows are locked and were screened: anything else is a bug, and the transaction must not commit.
  if (consumed.length !== ids.length)
    throw new AppError("internal", "A locked coupon changed under its lock");
}

async function chargeBudgets(tx: Tx, merchantId: string, quote: Quote, charged: number[]): Promise<void> {
  const byTemplate = new Map<string, number>();
  quote.applied.forEach((coupon, index) => {
    if (charged[index]! > 0)
      byTemplate.set(coupon.templateId, (byTemplate.get(coupon.templateId) ?? 0) + charged[index]!);
  });
  for (const [templateId, amount] of [...byTemplate].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx
      .update(couponTemplates)
      .set({ spent: sql`${couponTemplates.spent} + ${amount}` })
      .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, templateId)));
  }
}
