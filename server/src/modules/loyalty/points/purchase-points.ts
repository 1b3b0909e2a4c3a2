import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { Actor } from "../../audit/record-audit.js";
import { clawBack } from "../ledger/debit-wallet.js";
import { levelBenefitsFor } from "../levels/level-benefits.js";
import { earnPoints } from "./earn-points.js";
import { listEarnRules, type PointsLine, pointsForLines, withMultiplier } from "./earn-rules.js";
import { getLoyaltySettings } from "./loyalty-settings.js";

const dayMs = 86_400_000;

export type PlacedOrder = {
  orderId: string;
  customerId: string;
  storeId: string | null;
  placedAt: Date;
  lines: PointsLine[];
  actor: Actor;
  now?: Date;
};

/**
 * Purchase points (消费得积分) for a new order: the shop's rules per line, times the member level's
 * multiplier, pending until the refund window after the order has passed. Once per order (the
 * idempotency key is the order id). Returns the points given.
 */
export async function awardPurchasePoints(tx: Tx, merchantId: string, order: PlacedOrder): Promise<number> {
  const rules = await listEarnRules(tx, merchantId);
  if (!rules.some((rule) => rule.active)) return 0;
  const base = pointsForLines(rules, order.lines, order.storeId);
  if (base <= 0) return 0;
  const level = await levelBenefitsFor(tx, merchantId, order.customerId);
  const points = withMultiplier(base, level?.pointsMultiplierPercent ?? 100);
  if (points <= 0) return 0;
  const settings = await getLoyaltySettings(tx, merchantId);
  await earnPoints(tx, merchantId, {
    customerId: order.customerId,
    points,
    idempotencyKey: `order:${order.orderId}`,
    reason: {
      code: "purchase",
      note:
        level && level.pointsMultiplierPercent !== 100
          ? `×${level.pointsMultiplierPercent / 100} ${level.name}`
          : null,
    },
    source: "order",
    sourceRef: order.orderId,
    actor: order.actor,
    pendingUntil: new Date(order.placedAt.getTime() + settings.pointsPendingDays * dayMs),
    now: order.now,
    upgradeLevel: false,
  });
  return points;
}

export type RefundedOrder = {
  orderId: string;
  refundId: string;
  customerId: string;
  total: number;
  /** Refunded so far, this refund included. */
  refundedAmount: number;
  actor: Actor;
  now?: Date;
};

/**
 * Takes back the points of the refunded share of an order: the order keeps
 * floor(earned × what is still paid / total), and each refund claws back the difference from what
 * earlier refunds already took (counting a recorded shortfall as taken, so it is not asked twice).
 */
export async function clawBackRefundPoints(
  tx: Tx,
  merchantId: string,
  refund: RefundedOrder,
): Promise<number> {
  const [row] = rowsOf<{ earned: string | number; clawed: string | number }>(
    await tx.execute(sql`select
        coalesce(sum(amount) filter (where kind = 'earn'), 0) as earned,
        coalesce(sum(shortfall - amount) filter (where kind = 'clawback'), 0) as clawed
      from ledger_entries
     where merchant_id = ${merchantId} and wallet = 'points' and source_ref = ${refund.orderId}
       and source in ('order', 'refund')`),
  );
  const earned = Number(row?.earned ?? 0);
  if (earned <= 0 || refund.total <= 0) return 0;
  const stillPaid = Math.max(refund.total - refund.refundedAmount, 0);
  const kept = Math.floor((earned * stillPaid) / refund.total);
  const owed = earned - kept - Number(row?.clawed ?? 0);
  if (owed <= 0) return 0;
  const settings = await getLoyaltySettings(tx, merchantId);
  await clawBack(tx, merchantId, {
    customerId: refund.customerId,
    wallet: "points",
    amount: owed,
    fromSourceRef: refund.orderId,
    allowNegative: settings.allowNegativePoints,
    idempotencyKey: `refund:${refund.refundId}`,
    reason: { code: "refund_clawback" },
    source: "refund",
    sourceRef: refund.orderId,
    actor: refund.actor,
    now: refund.now,
  });
  return owed;
}
