import type { Database } from "../../db/database.js";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { requestHash } from "../../lib/request-hash.js";
import { type Actor, recordAudit } from "../audit/record-audit.js";
import { findOrCreateCustomer } from "../customers/create-customer.js";
import { recordEvents } from "../events/record-events.js";
import { refreshInsightFor } from "../insight/refresh-insight.js";
import { applyOrderLoyalty } from "../loyalty/order-loyalty.js";
import { requireRedemptionForOrder } from "../promotions/checkout/rollback-redemption.js";
import { resolveStoreId } from "../stores/find-stores.js";
import { findOrderIdByExternalId, getOrder } from "./find-orders.js";
import { netLineAmounts, type PricedOrder, priceOrder } from "./order-arithmetic.js";
import { upsertProductsFromLines } from "./products.js";
import type { CreateOrderInput, Order } from "./schemas.js";
import { orderItems, orders } from "./tables.js";

export type OrderContext = { source: string; actor: Actor };

/** Thrown inside the transaction when another request inserted the same external id first. */
class LostInsertRace extends Error {}

/**
 * Records an order. The external id makes it idempotent: the same body again returns the first
 * order (created: false); a different body under the same external id is a 409. Parallel identical
 * requests serialise on the unique key and all but one roll back and replay.
 */
export async function createOrder(
  database: Database,
  merchantId: string,
  input: CreateOrderInput,
  context: OrderContext,
): Promise<{ order: Order; created: boolean }> {
  const hash = requestHash(input);
  try {
    // A replay is found and answered inside the same transaction that would have inserted.
    return await withMerchant(database, merchantId, async (tx) => {
      const replay = await replayExisting(tx, merchantId, input, hash);
      if (replay) return { order: replay, created: false };
      return { order: await insertOrder(tx, merchantId, input, hash, context), created: true };
    });
  } catch (error) {
    if (!(error instanceof LostInsertRace)) throw error;
    const order = await withMerchant(database, merchantId, (tx) =>
      replayExisting(tx, merchantId, input, hash),
    );
    return { order: order!, created: false };
  }
}

async function replayExisting(tx: Tx, merchantId: string, input: CreateOrderInput, hash: string) {
  const existing = await findOrderIdByExternalId(tx, merchantId, input.externalId);
  if (!existing) return null;
  if (existing.requestHash !== hash) {
    throw new AppError(
      "idempotency_conflict",
      `Order ${input.externalId} already exists with different content`,
      { orderId: existing.id },
    );
  }
  return getOrder(tx, merchantId, existing.id);
}

async function insertOrder(
  tx: Tx,
  merchantId: string,
  input: CreateOrderInput,
  hash: string,
  context: OrderContext,
): Promise<Order> {
  const priced = priceOrder(input.items, input.discount ?? 0);
  if (input.total !== undefined && input.total !== priced.total) {
    throw new AppError("unprocessable", `total ${input.total} does not match the items (${priced.total})`, {
      field: "total",
      expected: priced.total,
    });
  }
  const placedAt = new Date(input.placedAt);
  if (input.redemptionId) await requireRedemptionForOrder(tx, merchantId, input.redemptionId);
  const storeId = input.store ? await resolveStoreId(tx, merchantId, input.store) : null;
  const customer = input.customer
    ? await findOrCreateCustomer(tx, merchantId, input.customer, {
        source: context.source,
        joinedAt: placedAt,
      })
    : null;
  const [row] = await tx
    .insert(orders)
    .values({
      merchantId,
      externalId: input.externalId,
      customerId: customer?.id ?? null,
      storeId,
      placedAt,
      currency: input.currency ?? "CNY",
      subtotal: priced.subtotal,
      discount: priced.discount,
      total: priced.total,
      itemCount: priced.itemCount,
      source: context.source,
      note: input.note ?? null,
      requestHash: hash,
      redemptionId: input.redemptionId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: orders.id });
  if (!row) throw new LostInsertRace();
  await tx.insert(orderItems).values(priced.lines.map((line) => ({ merchantId, orderId: row.id, ...line })));
  await upsertProductsFromLines(tx, merchantId, priced.lines, placedAt);
  await recordOrderPlaced(tx, merchantId, row.id, input, priced, {
    storeId,
    customerId: customer?.id ?? null,
    context,
  });
  if (context.actor.kind === "staff") {
    await recordAudit(tx, merchantId, {
      actor: context.actor,
      action: "order.create",
      targetType: "order",
      targetId: row.id,
      details: { externalId: input.externalId, total: priced.total },
    });
  }
  if (customer) {
    await refreshInsightFor(tx, merchantId, [customer.id]);
    await applyOrderLoyalty(tx, merchantId, {
      orderId: row.id,
      customerId: customer.id,
      storeId,
      placedAt,
      lines: lineNetAmounts(priced),
      actor: context.actor,
    });
  }
  return getOrder(tx, merchantId, row.id);
}

/** Each line's share of what was paid, after the order discount is split across the lines. */
function lineNetAmounts(priced: PricedOrder) {
  const nets = netLineAmounts(
    priced.lines.map((line) => line.total),
    priced.discount,
  );
  return priced.lines.map((line, index) => ({ category: line.category, netAmount: nets[index] ?? 0 }));
}

async function recordOrderPlaced(
  tx: Tx,
  merchantId: string,
  orderId: string,
  input: CreateOrderInput,
  priced: PricedOrder,
  who: { storeId: string | null; customerId: string | null; context: OrderContext },
) {
  const categories = [...new Set(priced.lines.map((l) => l.category).filter((c): c is string => !!c))];
  await recordEvents(tx, merchantId, [
    {
      customerId: who.customerId,
      type: "order.placed",
      properties: {
        orderId,
        externalId: input.externalId,
        total: priced.total,
        storeId: who.storeId,
        itemCount: priced.itemCount,
        categories,
      },
      occurredAt: new Date(input.placedAt),
      source: who.context.source,
    },
  ]);
}
