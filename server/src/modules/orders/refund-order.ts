import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { requestHash } from "../../lib/request-hash.js";
import { recordAudit } from "../audit/record-audit.js";
import { recordEvent } from "../events/record-events.js";
import { refreshInsightFor } from "../insight/refresh-insight.js";
import { applyRefundLoyalty } from "../loyalty/order-loyalty.js";
import { rollbackRedemptionOfOrder } from "../promotions/checkout/rollback-redemption.js";
import type { OrderContext } from "./create-order.js";
import { getOrder } from "./find-orders.js";
import { lineRefundAmount, netLineAmounts } from "./order-arithmetic.js";
import type { Order, RefundInput } from "./schemas.js";
import { orderItems, orders, type RefundLine, refunds } from "./tables.js";

type ItemRow = typeof orderItems.$inferSelect;

/**
 * Refunds part or all of an order: chosen lines and quantities, a plain amount, or (neither)
 * everything not yet refunded. The order row is locked, so parallel refunds can never return more
 * than was paid. An external id makes the call idempotent like order creation.
 */
export async function refundOrder(
  database: Database,
  merchantId: string,
  orderId: string,
  input: RefundInput,
  context: OrderContext,
): Promise<{ order: Order; created: boolean }> {
  return withMerchant(database, merchantId, async (tx) => {
    const order = await lockOrder(tx, merchantId, orderId);
    const hash = requestHash({ orderId, ...input });
    if (input.externalId) {
      const [previous] = await tx
        .select({ orderId: refunds.orderId, requestHash: refunds.requestHash })
        .from(refunds)
        .where(and(eq(refunds.merchantId, merchantId), eq(refunds.externalId, input.externalId)));
      if (previous) {
        if (previous.orderId !== orderId || previous.requestHash !== hash) {
          throw new AppError(
            "idempotency_conflict",
            `Refund ${input.externalId} already exists with different content`,
          );
        }
        return { order: await getOrder(tx, merchantId, orderId), created: false };
      }
    }
    const items = await tx
      .select()
      .from(orderItems)
      .where(and(eq(orderItems.merchantId, merchantId), eq(orderItems.orderId, orderId)))
      .orderBy(orderItems.lineNo);
    const plan = planRefund(order, items, input);
    await applyRefund(tx, merchantId, order, plan, { ...input, hash }, context);
    return { order: await getOrder(tx, merchantId, orderId), created: true };
  });
}

async function lockOrder(tx: Tx, merchantId: string, orderId: string) {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)))
    .for("update");
  if (!order) throw notFound("Order");
  return order;
}

type RefundPlan = { lines: RefundLine[]; amount: number };

function planRefund(order: typeof orders.$inferSelect, items: ItemRow[], input: RefundInput): RefundPlan {
  const remaining = order.total - order.refundedAmount;
  if (remaining <= 0) throw new AppError("refund_exceeds_order", "This order has been refunded in full");
  if (input.lines && input.amount !== undefined) {
    throw new AppError("validation_failed", "Give either lines or amount, not both");
  }
  if (input.amount !== undefined) {
    if (input.amount > remaining) {
      throw new AppError(
        "refund_exceeds_order",
        `Refund ${input.amount} exceeds what remains (${remaining})`,
        {
          remaining,
        },
      );
    }
    return { lines: [], amount: input.amount };
  }
  const nets = netLineAmounts(
    items.map((i) => i.total),
    order.discount,
  );
  const wanted =
    input.lines ?? items.map((i) => ({ lineNo: i.lineNo, quantity: i.quantity - i.refundedQuantity }));
  const lines: RefundLine[] = [];
  for (const want of wanted) {
    if (want.quantity === 0) continue;
    const index = items.findIndex((i) => i.lineNo === want.lineNo);
    const item = items[index];
    if (!item) throw new AppError("unprocessable", `Order has no line ${want.lineNo}`, { field: "lines" });
    if (want.quantity > item.quantity - item.refundedQuantity) {
      throw new AppError(
        "refund_exceeds_order",
        `Line ${want.lineNo}: refunding ${want.quantity} but only ${item.quantity - item.refundedQuantity} remain`,
      );
    }
    lines.push({
      lineNo: want.lineNo,
      quantity: want.quantity,
      amount: lineRefundAmount(item, nets[index]!, want.quantity),
    });
  }
  const lineSum = lines.reduce((s, l) => s + l.amount, 0);
  // A whole-order refund also returns any amount refunded earlier without lines, to reach the total.
  const amount = input.lines ? lineSum : remaining;
  if (amount <= 0) throw new AppError("refund_exceeds_order", "Nothing left to refund");
  if (amount > remaining)
    throw new AppError("refund_exceeds_order", `Refund ${amount} exceeds what remains (${remaining})`);
  return { lines, amount };
}

async function applyRefund(
  tx: Tx,
  merchantId: string,
  order: typeof orders.$inferSelect,
  plan: RefundPlan,
  input: RefundInput & { hash: string },
  context: OrderContext,
) {
  for (const line of plan.lines) {
    await tx
      .update(orderItems)
      .set({
        refundedQuantity: sql`${orderItems.refundedQuantity} + ${line.quantity}`,
        refundedAmount: sql`${orderItems.refundedAmount} + ${line.amount}`,
      })
      .where(
        and(
          eq(orderItems.merchantId, merchantId),
          eq(orderItems.orderId, order.id),
          eq(orderItems.lineNo, line.lineNo),
        ),
      );
  }
  const refundedAmount = order.refundedAmount + plan.amount;
  await tx
    .update(orders)
    .set({
      refundedAmount,
      status: refundedAmount >= order.total ? "refunded" : "partially_refunded",
      updatedAt: sql`now()`,
    })
    .where(and(eq(orders.merchantId, merchantId), eq(orders.id, order.id)));
  if (order.redemptionId && refundedAmount >= order.total) {
    await rollbackRedemptionOfOrder(tx, merchantId, order.redemptionId, context);
  }
  const [refund] = await tx
    .insert(refunds)
    .values({
      merchantId,
      orderId: order.id,
      externalId: input.externalId ?? null,
      requestHash: input.hash,
      amount: plan.amount,
      reason: input.reason ?? null,
      lines: plan.lines,
      refundedAt: input.refundedAt ? new Date(input.refundedAt) : new Date(),
      source: context.source,
    })
    .returning({ id: refunds.id, refundedAt: refunds.refundedAt });
  await recordEvent(tx, merchantId, {
    customerId: order.customerId,
    type: "order.refunded",
    properties: { orderId: order.id, refundId: refund!.id, amount: plan.amount, lines: plan.lines },
    occurredAt: refund!.refundedAt,
    source: context.source,
  });
  await recordAudit(tx, merchantId, {
    actor: context.actor,
    action: "order.refund",
    targetType: "order",
    targetId: order.id,
    details: { refundId: refund!.id, amount: plan.amount },
  });
  if (order.customerId) {
    await refreshInsightFor(tx, merchantId, [order.customerId]);
    await applyRefundLoyalty(tx, merchantId, {
      orderId: order.id,
      refundId: refund!.id,
      customerId: order.customerId,
      total: order.total,
      refundedAmount,
      actor: context.actor,
    });
  }
}
