import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { Actor } from "../../audit/record-audit.js";
import { grantLevelRewards } from "./level-rewards.js";
import { readLevelConfig } from "./level-settings.js";
import { type LevelChange, placeLevels } from "./place-levels.js";

export type ReevaluateOptions = {
  /** What asked: order, refund, points, merge … (kept on the change log and the event as its trigger). */
  reason: string;
  actor: Actor;
  now?: Date;
  /**
   * Set by callers that only gave points (check-in, welcome gift, mall cancellation …): the
   * evaluation is skipped when the shop's growth counts spend alone, so those paths pay nothing.
   */
  afterPointsOnly?: boolean;
};

/**
 * The upgrade hook for the order path and for points earned (when growth counts points): places one
 * customer at once, upwards only (downgrades wait for the schedule), and grants the rewards of
 * every level reached. Runs in the caller's transaction; call it after the transaction's own
 * points earning, so the wallet lock is always taken before the level lock. Returns the change,
 * or null when the customer stays (or the shop has no levels).
 */
export async function reevaluateLevelFor(
  tx: Tx,
  merchantId: string,
  customerId: string,
  options: ReevaluateOptions,
): Promise<LevelChange | null> {
  const config = await readLevelConfig(tx, merchantId);
  if (config.levels.length === 0) return null;
  if (options.afterPointsOnly && config.settings.growthBasis === "spend") return null;
  const now = options.now ?? new Date();
  // One evaluation per customer at a time: the statement after the lock sees what the previous
  // holder committed (its order, its points), so two parallel orders cannot both miss the level
  // they reach together, and a level is reached (and rewarded) once.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('levels:' || ${merchantId} || ':' || ${customerId}, 0))`,
  );
  const { changes } = await placeLevels(tx, merchantId, {
    mode: "upgrade",
    settings: config.settings,
    levels: config.levels,
    scope: { merchantId, timeZone: config.timeZone, now, customerIds: [customerId] },
    trigger: options.reason,
    actor: options.actor,
    output: "all",
  });
  const change = changes[0] ?? null;
  if (change?.reason === "upgrade") {
    await grantLevelRewards(tx, merchantId, config.levels, change, { actor: options.actor, now });
  }
  return change;
}
