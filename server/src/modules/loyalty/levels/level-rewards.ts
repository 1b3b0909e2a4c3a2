import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { Actor } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { issueRewardCoupon } from "../../promotions/coupons/reward-coupons.js";
import { earnPoints } from "../points/earn-points.js";
import type { LevelDefinition } from "./level-settings.js";
import type { LevelChange } from "./place-levels.js";

/** The idempotency key of a level's reward: each customer gets each level's reward once, ever. */
export const levelRewardKey = (customerId: string, levelId: string) =>
  `level-reward:${customerId}:${levelId}`;

/**
 * Grants the rewards of every level an upgrade passed or reached (a jump from the entry level to
 * the third grants the second's and the third's): points through the ledger, keyed per customer
 * and level so a second upgrade to the same level (after a downgrade) or a parallel one gives
 * nothing more; coupons through the coupon hook.
 */
export async function grantLevelRewards(
  tx: Tx,
  merchantId: string,
  levels: readonly LevelDefinition[],
  change: LevelChange,
  context: { actor: Actor; now: Date },
): Promise<void> {
  const first = (change.fromIndex ?? -1) + 1;
  for (const level of levels.slice(first, change.toIndex + 1)) {
    const key = levelRewardKey(change.customerId, level.id);
    if (level.rewardPoints > 0) {
      await earnPoints(tx, merchantId, {
        customerId: change.customerId,
        points: level.rewardPoints,
        idempotencyKey: key,
        reason: { code: "level_reward", note: level.name },
        source: "level",
        sourceRef: level.id,
        actor: context.actor,
        now: context.now,
        upgradeLevel: false,
      });
    }
    if (level.rewardCoupon) {
      await issueLevelCoupon(tx, merchantId, {
        customerId: change.customerId,
        levelId: level.id,
        spec: level.rewardCoupon,
        rewardKey: key,
      });
    }
  }
}

/**
 * The coupon hook: issues the level's coupon through the promotions issue service in the upgrade's
 * transaction, keyed by the reward key, so a customer who reaches a level again (after a
 * downgrade) gets nothing more. When it cannot be issued (no such template, paused, out of stock,
 * the customer's limit) a `coupon.due` event records what is owed, once per reward key.
 */
export async function issueLevelCoupon(
  tx: Tx,
  merchantId: string,
  due: {
    customerId: string;
    levelId: string;
    spec: { templateId: string; quantity: number };
    rewardKey: string;
  },
): Promise<void> {
  const result = await issueRewardCoupon(tx, merchantId, {
    customerId: due.customerId,
    templateId: due.spec.templateId,
    quantity: due.spec.quantity,
    issueKey: due.rewardKey,
    source: "trigger:level_up",
  });
  if (result.issued) return;
  const earlier = rowsOf<{ found: boolean }>(
    await tx.execute(sql`select exists (select 1 from events where merchant_id = ${merchantId}
      and customer_id = ${due.customerId} and type = 'coupon.due'
      and properties ->> 'rewardKey' = ${due.rewardKey}) as found`),
  );
  if (earlier[0]?.found) return;
  await recordEvent(tx, merchantId, {
    customerId: due.customerId,
    type: "coupon.due",
    properties: {
      templateId: due.spec.templateId,
      quantity: due.spec.quantity,
      reason: "level_reward",
      levelId: due.levelId,
      rewardKey: due.rewardKey,
      ...(result.reason !== "template_not_found" && { unissued: result.reason }),
    },
    source: "system",
  });
}
