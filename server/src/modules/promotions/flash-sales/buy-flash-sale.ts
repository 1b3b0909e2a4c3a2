import { randomUUID } from "node:crypto";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { readAsMerchant, type Tx, withMerchant } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { requestHash } from "../../../lib/request-hash.js";
import type { Actor } from "../../audit/record-audit.js";
import { isInAudience } from "../coupons/audience.js";
import { getPurchaseRow, purchaseOf } from "./find-purchases.js";
import type { SaleRow } from "./flash-sales.js";
import { insertHeldPurchase } from "./insert-held-purchase.js";
import { noteUnitsLeft, recentUnitsLeft, withSaleSlot } from "./sale-admission.js";
import { holdUntilOf, remainingForMember, unitsLeft, whyUnavailable } from "./sale-rules.js";
import type { Purchase, UnavailableReason } from "./schemas.js";
import { flashSalePurchases, flashSales } from "./tables.js";

export type BuyInput = {
  customerId: string;
  saleId: string;
  quantity: number;
  /** The member's Idempotency-Key: the same key buys once and answers with that purchase again. */
  idempotencyKey: string;
};

export type BuyContext = { actor: Actor; source: string; now: Date };

const refusals: Record<UnavailableReason, [AppError["code"], string]> = {
  paused: ["unprocessable", "This flash sale is paused"],
  not_started: ["unprocessable", "This flash sale has not started yet"],
  ended: ["unprocessable", "This flash sale has ended"],
  sold_out: ["sold_out", "Sold out"],
  limit_reached: ["limit_reached", "You have reached the limit for this sale"],
  not_in_audience: ["unprocessable", "This flash sale is for other members"],
};

function refuse(reason: UnavailableReason, sale: SaleRow, myUnits: number): AppError {
  const [code, message] = refusals[reason];
  return new AppError(code, message, {
    reason,
    left: unitsLeft(sale),
    remaining: remainingForMember(sale, myUnits),
  });
}

function notedRefusal(merchantId: string, input: BuyInput, seen: SaleRow): AppError | null {
  const noted = recentUnitsLeft(merchantId, input.saleId);
  if (noted === null || noted >= input.quantity) return null;
  return refuse("sold_out", { ...seen, sold: seen.stock - noted, held: 0 }, 0);
}

/** Raised inside the transaction when a parallel request with the same key committed first. */
class LostKeyRace extends Error {}

/**
 * Buys `quantity` units of a flash sale for a member, holding them for the sale's payment window.
 *
 * A plain read first (no lock, read pool) answers replays and turns late buyers away with
 * sold_out at once, instead of queueing them behind the sale row's lock. Buyers who may still get
 * a unit then take it in one transaction: audience, then a conditional update of the sale row
 * (`status, window and sold + held + q <= stock`), which locks the row, then one statement that
 * checks the member's units and the key under that lock and inserts the purchase and its event.
 * At most a few purchases of one sale hold a connection at once in this process (withSaleSlot);
 * the others wait for a slot, where a fresh sold-out note turns them away without a transaction.
 * The database decides every sale; the read and the note only ever refuse. Same-key twins in one
 * process share one attempt; twins sent to two processes at once meet at the unique key (the
 * loser replays), except that one refused by the note while the other bought answers sold_out —
 * a retry with the key then returns the purchase.
 */
export async function buyFlashSale(
  database: Database,
  merchantId: string,
  input: BuyInput,
  context: BuyContext,
): Promise<{ purchase: Purchase; created: boolean }> {
  const hash = requestHash({ saleId: input.saleId, quantity: input.quantity });
  // A same-key twin in this process waits for the first attempt and answers with its outcome.
  const key = `${merchantId}/${input.customerId}/${input.idempotencyKey}`;
  const running = inFlight.get(key);
  if (running) {
    const first = await running;
    if (first.hash !== hash) {
      throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different purchase", {
        purchaseId: first.purchase.id,
      });
    }
    return { purchase: first.purchase, created: false };
  }
  const attempt = attemptPurchase(database, merchantId, input, hash, context).then((r) => ({ ...r, hash }));
  inFlight.set(key, attempt);
  try {
    const { purchase, created } = await attempt;
    return { purchase, created };
  } finally {
    inFlight.delete(key);
  }
}

const inFlight = new Map<string, Promise<{ purchase: Purchase; created: boolean; hash: string }>>();

async function attemptPurchase(
  database: Database,
  merchantId: string,
  input: BuyInput,
  hash: string,
  context: BuyContext,
): Promise<{ purchase: Purchase; created: boolean }> {
  const glance = await readAsMerchant(database, merchantId, (tx) => glanceAtSale(tx, merchantId, input));
  if (glance.replayId)
    return { purchase: await replay(database, merchantId, glance.replayId, hash), created: false };
  const early = whyUnavailable(glance.sale, context.now, glance.myUnits, input.quantity);
  if (early) {
    if (early === "sold_out") noteUnitsLeft(merchantId, input.saleId, unitsLeft(glance.sale));
    throw refuse(early, glance.sale, glance.myUnits);
  }
  try {
    const purchase = await withSaleSlot(merchantId, input.saleId, () => {
      // Sold out while this request waited for a slot: no transaction needed to say so.
      const noted = notedRefusal(merchantId, input, glance.sale);
      if (noted) throw noted;
      return withMerchant(database, merchantId, (tx) =>
        holdUnits(tx, merchantId, input, hash, glance.sale, context),
      );
    });
    return { purchase, created: true };
  } catch (error) {
    if (!(error instanceof LostKeyRace)) throw error;
    const again = await readAsMerchant(database, merchantId, (tx) => glanceAtSale(tx, merchantId, input));
    if (!again.replayId)
      throw new AppError("conflict", "A parallel request with this Idempotency-Key failed; retry");
    return { purchase: await replay(database, merchantId, again.replayId, hash), created: false };
  }
}

/** The sale, the purchase already made under this key, and the member's units: one statement. */
async function glanceAtSale(tx: Tx, merchantId: string, input: BuyInput) {
  const p = flashSalePurchases;
  const [row] = await tx
    .select({
      sale: flashSales,
      replayId: sql<string | null>`(select ${p.id} from ${p} where ${p.merchantId} = ${merchantId}
        and ${p.customerId} = ${input.customerId} and ${p.idempotencyKey} = ${input.idempotencyKey})`,
      myUnits:
        sql<number>`(select coalesce(sum(${p.quantity}), 0) from ${p} where ${p.merchantId} = ${merchantId}
        and ${p.saleId} = ${input.saleId} and ${p.customerId} = ${input.customerId}
        and ${p.status} in ('held', 'confirmed'))`.mapWith(Number),
    })
    .from(flashSales)
    .where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, input.saleId)));
  if (!row) throw notFound("Flash sale");
  return row;
}

async function replay(database: Database, merchantId: string, purchaseId: string, hash: string) {
  const row = await readAsMerchant(database, merchantId, (tx) => getPurchaseRow(tx, merchantId, purchaseId));
  if (row.requestHash !== hash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different purchase", {
      purchaseId: row.id,
    });
  }
  return purchaseOf(row);
}

async function holdUnits(
  tx: Tx,
  merchantId: string,
  input: BuyInput,
  hash: string,
  seen: SaleRow,
  context: BuyContext,
): Promise<Purchase> {
  if (!(await isInAudience(tx, merchantId, input.customerId, seen.audience))) {
    throw refuse("not_in_audience", seen, 0);
  }
  const now = context.now;
  const [sale] = await tx
    .update(flashSales)
    .set({ held: sql`${flashSales.held} + ${input.quantity}` })
    .where(
      and(
        eq(flashSales.merchantId, merchantId),
        eq(flashSales.id, input.saleId),
        eq(flashSales.status, "active"),
        lte(flashSales.startsAt, now),
        gt(flashSales.endsAt, now),
        sql`${flashSales.sold} + ${flashSales.held} + ${input.quantity} <= ${flashSales.stock}`,
      ),
    )
    .returning();
  if (!sale) {
    // Refused: say why from what is there now (a same-key twin that bought meanwhile replays).
    const after = await glanceAtSale(tx, merchantId, input);
    if (after.replayId) throw new LostKeyRace();
    noteUnitsLeft(merchantId, input.saleId, unitsLeft(after.sale));
    throw refuse(whyUnavailable(after.sale, now, 0, input.quantity) ?? "sold_out", after.sale, after.myUnits);
  }
  const id = randomUUID();
  const holdUntil = holdUntilOf(now, sale.paymentMinutes);
  const amount = sale.price * input.quantity;
  const held = await insertHeldPurchase(tx, {
    merchantId,
    id,
    saleId: sale.id,
    customerId: input.customerId,
    quantity: input.quantity,
    unitPrice: sale.price,
    amount,
    holdUntil,
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
    createdAt: now,
    perMemberLimit: sale.perMemberLimit,
    event: {
      properties: {
        purchaseId: id,
        saleId: sale.id,
        sku: sale.sku,
        quantity: input.quantity,
        amount,
        holdUntil: holdUntil.toISOString(),
      },
      source: context.source,
    },
  });
  if (held.kind === "twin") throw new LostKeyRace();
  if (held.kind === "limit_reached") throw refuse("limit_reached", sale, held.myUnits);
  noteUnitsLeft(merchantId, sale.id, unitsLeft(sale));
  return {
    id,
    saleId: sale.id,
    customerId: input.customerId,
    code: held.code,
    quantity: input.quantity,
    unitPrice: sale.price,
    amount,
    status: "held",
    holdUntil,
    createdAt: now,
    confirmedAt: null,
    releasedAt: null,
    releaseReason: null,
    settledBy: null,
  };
}
