import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { requestHash } from "../../../lib/request-hash.js";
import { randomDigits } from "../../../lib/tokens.js";
import { type Actor, describeActor, recordAudit } from "../../audit/record-audit.js";
import { resolveMergedId } from "../../customers/create-customer.js";
import { recordEvent } from "../../events/record-events.js";
import { getMerchant } from "../../merchants/create-merchant.js";
import { issueMallCoupons } from "../../promotions/coupons/reward-coupons.js";
import { spendPoints } from "../points/spend-points.js";
import { pickupExpiresAt, remainingForMember, whyUnavailable } from "./exchange-rules.js";
import { exchangeOf, heldUnitsByItem } from "./find-exchanges.js";
import { lockMallItem } from "./mall-items.js";
import type { Exchange } from "./schemas.js";
import { mallExchanges, mallItems } from "./tables.js";

export type ExchangeInput = {
  customerId: string;
  itemId: string;
  quantity: number;
  /** The client's Idempotency-Key: the same key from the same member applies once. */
  idempotencyKey: string;
};

export type ExchangeContext = { actor: Actor; source: string; now: Date };

const unavailableMessages = {
  inactive: ["unprocessable", "This item is not offered any more"],
  not_started: ["unprocessable", "This item cannot be exchanged yet"],
  ended: ["unprocessable", "This item's exchange period has ended"],
  sold_out: ["out_of_stock", "Not enough stock left"],
  limit_reached: ["limit_reached", "You have reached the limit for this item"],
} as const;

/** Raised inside the transaction when a parallel request with the same key committed first. */
class LostKeyRace extends Error {}

/**
 * Exchanges points for an item in one transaction: lock the item row (stock and limits are
 * decided under it), check the window, stock and the member's limit, spend the points through the
 * ledger (key mall:<exchangeId>), take the stock and issue a random pickup code. Anything that
 * fails — insufficient_balance included — rolls all of it back.
 */
export async function exchangeItem(
  database: Database,
  merchantId: string,
  input: ExchangeInput,
  context: ExchangeContext,
): Promise<{ exchange: Exchange; created: boolean }> {
  const { timeZone } = await getMerchant(database, merchantId);
  const hash = requestHash({ itemId: input.itemId, quantity: input.quantity });
  try {
    return await withMerchant(database, merchantId, async (tx) => {
      const live = await forLiveCustomer(tx, merchantId, input);
      const item = await lockMallItem(tx, merchantId, live.itemId);
      // Checked under the item lock: a parallel twin on the same item has committed by now.
      const replay = await findReplay(tx, merchantId, live, hash);
      if (replay) return { exchange: replay, created: false };
      const held = (await heldUnitsByItem(tx, merchantId, live.customerId, item.id)).get(item.id) ?? 0;
      const why = whyUnavailable(item, context.now, held, live.quantity);
      if (why) {
        const [code, message] = unavailableMessages[why];
        throw new AppError(code, message, {
          reason: why,
          stock: item.stock,
          remaining: remainingForMember(item, held),
        });
      }
      const exchange = await insertExchange(tx, merchantId, live, hash, item, context, timeZone);
      return { exchange, created: true };
    });
  } catch (error) {
    if (!(error instanceof LostKeyRace)) throw error;
    const replay = await withMerchant(database, merchantId, async (tx) =>
      findReplay(tx, merchantId, await forLiveCustomer(tx, merchantId, input), hash),
    );
    if (!replay) throw new AppError("conflict", "A parallel request with this Idempotency-Key failed; retry");
    return { exchange: replay, created: false };
  }
}

/** The input for the live customer, following merges (a merged duplicate's id finds the survivor). */
async function forLiveCustomer(tx: Tx, merchantId: string, input: ExchangeInput): Promise<ExchangeInput> {
  const live = await resolveMergedId(tx, merchantId, input.customerId);
  if (!live) throw notFound("Customer");
  return { ...input, customerId: live };
}

async function findReplay(tx: Tx, merchantId: string, input: ExchangeInput, hash: string) {
  const [row] = await tx
    .select()
    .from(mallExchanges)
    .where(
      and(
        eq(mallExchanges.merchantId, merchantId),
        eq(mallExchanges.customerId, input.customerId),
        eq(mallExchanges.idempotencyKey, input.idempotencyKey),
      ),
    );
  if (!row) return null;
  if (row.requestHash !== hash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different exchange", {
      exchangeId: row.id,
    });
  }
  return exchangeOf(row);
}

async function insertExchange(
  tx: Tx,
  merchantId: string,
  input: ExchangeInput,
  hash: string,
  item: typeof mallItems.$inferSelect,
  context: ExchangeContext,
  timeZone: string,
): Promise<Exchange> {
  const id = randomUUID();
  const points = item.pointsPrice * input.quantity;
  const spent = await spendPoints(tx, merchantId, {
    customerId: input.customerId,
    points,
    idempotencyKey: `mall:${id}`,
    reason: { code: "mall_exchange", note: `${item.name} × ${input.quantity}` },
    source: "mall",
    sourceRef: id,
    actor: context.actor,
    now: context.now,
  });
  if (item.stock !== null) {
    await tx
      .update(mallItems)
      .set({ stock: sql`${mallItems.stock} - ${input.quantity}` })
      .where(and(eq(mallItems.merchantId, merchantId), eq(mallItems.id, item.id)));
  }
  const actor = describeActor(context.actor);
  const row = await insertWithFreshCode(tx, {
    merchantId,
    id,
    customerId: input.customerId,
    itemId: item.id,
    itemName: item.name,
    itemKind: item.kind,
    quantity: input.quantity,
    points,
    cashDue: item.cashPrice * input.quantity,
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
    spendEntryId: spent.entry.id,
    source: context.source,
    ...actor,
    createdAt: context.now,
    expiresAt: pickupExpiresAt(context.now, item.pickupDays, timeZone),
    // A coupon item is handed over by issuing the coupon now: nothing is left to pick up, cancel or expire.
    ...(item.kind === "coupon" && { status: "verified" as const, verifiedAt: context.now }),
  });
  if (item.kind === "coupon") {
    await issueMallCoupons(tx, merchantId, {
      exchangeId: id,
      customerId: input.customerId,
      couponSpec: item.couponSpec,
      units: input.quantity,
      actor: context.actor,
      now: context.now,
    });
  }
  await recordEvent(tx, merchantId, {
    customerId: input.customerId,
    type: "mall.exchanged",
    properties: { exchangeId: id, itemId: item.id, itemName: item.name, quantity: input.quantity, points },
    occurredAt: context.now,
    source: context.source,
  });
  if (context.actor.kind === "staff") {
    await recordAudit(tx, merchantId, {
      actor: context.actor,
      action: "mall.exchange",
      targetType: "mall_exchange",
      targetId: id,
      details: { customerId: input.customerId, itemId: item.id, quantity: input.quantity, points },
    });
  }
  return exchangeOf(row);
}

type NewExchange = Omit<typeof mallExchanges.$inferInsert, "code">;

/**
 * Inserts with a random 12-digit code. A clash with another exchange's code (one in 10¹² per
 * stored code) draws again; a clash on the idempotency key means a parallel twin committed
 * first, and the whole attempt is replayed. ON CONFLICT DO NOTHING keeps the transaction usable.
 */
async function insertWithFreshCode(tx: Tx, values: NewExchange) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [row] = await tx
      .insert(mallExchanges)
      .values({ ...values, code: randomDigits(12) })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
    if (await keyTaken(tx, values)) throw new LostKeyRace();
  }
  throw new AppError("internal", "Could not draw a unique pickup code");
}

async function keyTaken(tx: Tx, values: NewExchange): Promise<boolean> {
  const [row] = await tx
    .select({ id: mallExchanges.id })
    .from(mallExchanges)
    .where(
      and(
        eq(mallExchanges.merchantId, values.merchantId),
        eq(mallExchanges.customerId, values.customerId),
        eq(mallExchanges.idempotencyKey, values.idempotencyKey),
      ),
    );
  return !!row;
}
