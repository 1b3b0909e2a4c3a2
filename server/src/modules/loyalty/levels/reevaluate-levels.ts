import { useBulkWorkMem } from "../../../db/bulk-memory.js";
import type { Database } from "../../../db/database.js";
import { withMerchant } from "../../../db/tenant.js";
import type { PlacementMode } from "./decide-level.js";
import { grantLevelRewards } from "./level-rewards.js";
import { readLevelConfig } from "./level-settings.js";
import { placeLevels } from "./place-levels.js";

/**
 * Places every customer of the shop in one transaction and one statement: `settings` puts everyone
 * where the ladder says (after a settings change), `schedule` is the periodic downgrade check
 * (down only past the protection period; anyone who qualifies for more goes up, with rewards).
 */
export async function reevaluateLevels(
  database: Database,
  merchantId: string,
  options: { mode: Exclude<PlacementMode, "upgrade">; now?: Date },
): Promise<{ changed: number; rewarded: number }> {
  const now = options.now ?? new Date();
  const actor = { kind: "system" as const, name: `levels.${options.mode}` };
  return withMerchant(database, merchantId, async (tx) => {
    await useBulkWorkMem(tx);
    const config = await readLevelConfig(tx, merchantId);
    if (config.levels.length === 0) return { changed: 0, rewarded: 0 };
    const rewarding =
      options.mode === "schedule" && config.levels.some((l) => l.rewardPoints > 0 || l.rewardCoupon !== null);
    const { changed, changes } = await placeLevels(tx, merchantId, {
      mode: options.mode,
      settings: config.settings,
      levels: config.levels,
      scope: { merchantId, timeZone: config.timeZone, now },
      trigger: options.mode,
      actor,
      output: rewarding ? "upgrades" : "none",
    });
    for (const change of changes)
      await grantLevelRewards(tx, merchantId, config.levels, change, { actor, now });
    return { changed, rewarded: changes.length };
  });
}
