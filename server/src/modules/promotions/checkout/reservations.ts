import { randomUUID } from "node:crypto";
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant, withSystem } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { requestHash } from "../../../lib/request-hash.js";
import { retryOnDeadlock } from "../../../lib/retry-on-deadlock.js";
import { coupons } from "../coupons/tables.js";
import { priceCheckout } from "./checkout-context.js";
import { lockCheckout } from "./lock-checkout.js";
import { requireAllApplied } from "./price-held-coupons.js";
import { cartOf, couponSourceOf } from "./quote-cart.js";
import type { CheckoutContext } from "./redeem-coupons.js";
import type { Quote, Reservation, ReservationRequest } from "./schemas.js";
import { couponReservations } from "./tables.js";

type ReservationRow = typeof couponReservations.$inferSelect;

class LostKeyRace extends Error {}

/**
 * Holds the coupons a cart would use (the named ones, all of them, or the best set) for holdMinutes:
 * they turn reserved until then, so no other cart can use them; redeem with the reservation's id
 * consumes them. A hold past its time is usable by others at once; the release job tidies it up.
 */
export async function reserveCoupons(
  database: Database,
  merchantId: string,
  request: ReservationRequest,
  idempotencyKey: string,
  context: CheckoutContext,
): Promise<{ reservation: Reservation; created: boolean }> {
  const hash = requestHash(request);
  try {
    return await retryOnDeadlock(() =>
      withMerchant(database, merchantId, async (tx) => {
        const replay = await findReplay(tx, merchantId, idempotencyKey, hash);
        if (replay) return { reservation: replay, created: false };
        const source = couponSourceOf(request.coupons);
        const snapshot = await lockCheckout(tx, merchantId, cartOf(request), source, context.now);
        const twin = await findReplay(tx, merchantId, idempotencyKey, hash);
        if (twin) return { reservation: twin, created: false };
        const mode = source.kind === "best" ? "best" : "chosen";
        const { quote, applied } = await priceCheckout(tx, merchantId, snapshot, { mode, at: context.now });
        const { cart } = snapshot;
        requireAllApplied(quote, mode);
        const expiresAt = new Date(context.now.getTime() + request.holdMinutes * 60_000);
        const couponIds = applied.map(({ coupon }) => coupon.id);
        const [row] = await tx
          .insert(couponReservations)
          .values({
            merchantId,
            id: randomUUID(),
            idempotencyKey,
            requestHash: hash,
            customerId: cart.customerId,
            storeId: cart.storeId,
            couponIds,
            expiresAt,
            createdAt: context.now,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) throw new LostKeyRace();
        await tx
          .update(coupons)
          .set({ status: "reserved", reservedUntil: expiresAt })
          .where(and(eq(coupons.merchantId, merchantId), inArray(coupons.id, couponIds)));
        return { reservation: reservationOf(row, quote), created: true };
      }),
    );
  } catch (error) {
    if (!(error instanceof LostKeyRace)) throw error;
    const replay = await withMerchant(database, merchantId, (tx) =>
      findReplay(tx, merchantId, idempotencyKey, hash),
    );
    if (!replay) throw new AppError("conflict", "A parallel request with this Idempotency-Key failed; retry");
    return { reservation: replay, created: false };
  }
}

async function findReplay(
  tx: Tx,
  merchantId: string,
  key: string,
  hash: string,
): Promise<Reservation | null> {
  const [row] = await tx
    .select()
    .from(couponReservations)
    .where(and(eq(couponReservations.merchantId, merchantId), eq(couponReservations.idempotencyKey, key)));
  if (!row) return null;
  if (row.requestHash !== hash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different reservation", {
      reservationId: row.id,
    });
  }
  return reservationOf(row);
}

export function reservationOf(row: ReservationRow, quote?: Quote): Reservation {
  return {
    id: row.id,
    status: row.status,
    customerId: row.customerId,
    storeId: row.storeId,
    couponIds: row.couponIds,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    redemptionId: row.redemptionId,
    ...(quote ? { quote } : {}),
  };
}

/** The reservation a redeem uses, locked: still held, not past its time, and for this customer. */
export async function lockUsableReservation(
  tx: Tx,
  merchantId: string,
  id: string,
  now: Date,
): Promise<ReservationRow> {
  const row = await lockReservation(tx, merchantId, id);
  if (row.status !== "held") {
    throw refuseReservation(row, `reservation_${row.status}`, `The reservation is ${row.status}`);
  }
  if (row.expiresAt <= now) {
    throw refuseReservation(row, "reservation_expired", "The reservation has run out; reserve again");
  }
  return row;
}

/** A reservation made for a customer is redeemed only for that customer (after merges are followed). */
export function requireReservationCustomer(row: ReservationRow, customerId: string | null): void {
  if (row.customerId !== null && customerId !== null && row.customerId !== customerId) {
    throw refuseReservation(row, "wrong_customer", "The reservation is for another customer");
  }
}

const refuseReservation = (row: ReservationRow, reason: string, message: string) =>
  new AppError("coupon_not_applicable", message, { reason, reservationId: row.id });

async function lockReservation(tx: Tx, merchantId: string, id: string): Promise<ReservationRow> {
  const [row] = await tx
    .select()
    .from(couponReservations)
    .where(and(eq(couponReservations.merchantId, merchantId), eq(couponReservations.id, id)))
    .for("update");
  if (!row) throw notFound("Reservation");
  return row;
}

export async function markReservationRedeemed(
  tx: Tx,
  merchantId: string,
  id: string,
  redemptionId: string,
): Promise<void> {
  await tx
    .update(couponReservations)
    .set({ status: "redeemed", redemptionId })
    .where(and(eq(couponReservations.merchantId, merchantId), eq(couponReservations.id, id)));
}

/** Lets a held reservation go before its time (the cart was abandoned): its coupons are usable again. */
export async function releaseReservation(tx: Tx, merchantId: string, id: string): Promise<Reservation> {
  const row = await lockReservation(tx, merchantId, id);
  if (row.status !== "held") return reservationOf(row);
  const [released] = await tx
    .update(couponReservations)
    .set({ status: "released" })
    .where(and(eq(couponReservations.merchantId, merchantId), eq(couponReservations.id, id)))
    .returning();
  await freeCoupons(tx, merchantId, row.couponIds, row.expiresAt);
  return reservationOf(released!);
}

/** Only coupons this hold still holds (same status and time) go back; a later hold keeps its own. */
async function freeCoupons(tx: Tx, merchantId: string, ids: string[], reservedUntil: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(coupons)
    .set({ status: "available", reservedUntil: null })
    .where(
      and(
        eq(coupons.merchantId, merchantId),
        inArray(coupons.id, ids),
        eq(coupons.status, "reserved"),
        eq(coupons.reservedUntil, reservedUntil),
      ),
    );
}

/**
 * The release job: holds past their time turn expired and their coupons available again, in every
 * shop. Reservations are updated before coupons, the order redeem locks them in.
 */
export async function releaseExpiredReservations(
  database: Database,
  now: Date,
): Promise<{ reservations: number; coupons: number }> {
  return withSystem(database, async (tx) => {
    const expired = await tx
      .update(couponReservations)
      .set({ status: "expired" })
      .where(and(eq(couponReservations.status, "held"), lte(couponReservations.expiresAt, now)))
      .returning({ id: couponReservations.id });
    const freed = await tx
      .update(coupons)
      .set({ status: "available", reservedUntil: null })
      .where(and(eq(coupons.status, "reserved"), lte(coupons.reservedUntil, now)))
      .returning({ id: coupons.id });
    return { reservations: expired.length, coupons: freed.length };
  });
}
