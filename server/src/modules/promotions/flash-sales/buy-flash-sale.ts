import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { type BatchLoader, createBatchLoader } from "../../../lib/batch-loader.js";
import { requestHash } from "../../../lib/request-hash.js";
import type { Actor } from "../../audit/record-audit.js";
import { isInAudience } from "../coupons/audience.js";
import { usedKeyOf } from "./allocate-units.js";
import { getPurchaseRow, purchaseOf } from "./find-purchases.js";
import type { SaleRow } from "./flash-sales.js";
import { holdInBatch } from "./hold-in-batches.js";
import { readBuyers } from "./read-buyers.js";
import { noteUnitsLeft, recentUnitsLeft } from "./sale-admission.js";
import { remainingForMember, unitsLeft, whyUnavailable } from "./sale-rules.js";
import type { Purchase, UnavailableReason } from "./schemas.js";
import { flashSales } from "./tables.js";

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

/**
 * Buys `quantity` units of a flash sale for a member, holding them for the sale's payment window.
 *
 * A plain read first (read pool; the buyers of one burst together, see glanceInBatch) answers
 * replays and turns buyers away whom the sale, its stock or their limit already refuses, and a
 * fresh sold-out note of this process turns late buyers away with no read at all. Buyers who may
 * still get a unit queue for the sale's next transaction (holdInBatch), which decides them all under
 * the sale row's lock. The database decides every sale; the read and the note only ever refuse.
 * Same-key twins in one process share one attempt; twins sent to two processes at once are told
 * apart under the lock (the second replays the first), except that one refused by a note while the
 * other bought answers sold_out — a retry with the key then returns the purchase.
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
  const glance = await glanceInBatch(database, merchantId, input);
  if (glance.replayId)
    return { purchase: await replay(database, merchantId, glance.replayId, hash), created: false };
  const early = whyUnavailable(glance.sale, context.now, glance.myUnits, input.quantity);
  if (early) {
    if (early === "sold_out") noteUnitsLeft(merchantId, input.saleId, unitsLeft(glance.sale));
    throw refuse(early, glance.sale, glance.myUnits);
  }
  // Sold out a moment ago, as this process last saw it: no transaction needed to say so.
  const noted = notedRefusal(merchantId, input, glance.sale);
  if (noted) throw noted;
  if (glance.sale.audience !== null) {
    const inAudience = await readAsMerchant(database, merchantId, (tx) =>
      isInAudience(tx, merchantId, input.customerId, glance.sale.audience),
    );
    if (!inAudience) throw refuse("not_in_audience", glance.sale, glance.myUnits);
  }
  const outcome = await holdInBatch(database, merchantId, input.saleId, {
    customerId: input.customerId,
    quantity: input.quantity,
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
    source: context.source,
    now: context.now,
  });
  if (outcome.kind === "held") return { purchase: outcome.purchase, created: true };
  if (outcome.kind === "replay") {
    // A same-key twin sent to another process bought first.
    return { purchase: await replay(database, merchantId, outcome.purchaseId, hash), created: false };
  }
  throw refuse(outcome.reason, outcome.sale, outcome.myUnits);
}

type Glance = { sale: SaleRow; replayId: string | null; myUnits: number };

const glanceLoaders = new WeakMap<Database, BatchLoader<string, Glance | null>>();

/**
 * glanceAtSale for a burst: the buyers of one sale who tap in the same event-loop turn are glanced
 * at together, the sale read once and every buyer's key and units in one statement.
 */
async function glanceInBatch(database: Database, merchantId: string, input: BuyInput): Promise<Glance> {
  let loader = glanceLoaders.get(database);
  if (!loader) {
    loader = createBatchLoader((group, keys: string[]) => glanceAtMany(database, group, keys), {
      missing: null,
    });
    glanceLoaders.set(database, loader);
  }
  const glance = await loader(
    `${merchantId} ${input.saleId}`,
    usedKeyOf(input.customerId, input.idempotencyKey),
  );
  if (!glance) throw notFound("Flash sale");
  return glance;
}

async function glanceAtMany(database: Database, group: string, keys: string[]): Promise<Map<string, Glance>> {
  const [merchantId, saleId] = group.split(" ") as [string, string];
  const buyers = keys.map((key) => ({ customerId: key.slice(0, 36), idempotencyKey: key.slice(37) }));
  return readAsMerchant(database, merchantId, async (tx) => {
    const [sale] = await tx
      .select()
      .from(flashSales)
      .where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, saleId)));
    if (!sale) return new Map();
    const { usedKeys, unitsOf } = await readBuyers(tx, merchantId, saleId, buyers);
    return new Map(
      buyers.map(({ customerId, idempotencyKey }) => {
        const key = usedKeyOf(customerId, idempotencyKey);
        return [key, { sale, replayId: usedKeys.get(key) ?? null, myUnits: unitsOf.get(customerId) ?? 0 }];
      }),
    );
  });
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
