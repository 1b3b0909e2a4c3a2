import type { Tx } from "../../../db/tenant.js";
import { enqueueJob } from "../../../jobs/enqueue-job.js";
import type { Actor } from "../../audit/record-audit.js";
import { deleteLevels, readLevelConfig, saveLevelSet } from "./level-settings.js";
import { placeLevels } from "./place-levels.js";
import type { LevelSet } from "./schemas.js";

export const levelsReevaluateJobName = "levels.reevaluate";

/**
 * Saves the settings and the ladder and queues the levels.reevaluate job that re-places everyone
 * by them. Members of a removed level are re-placed at once (reason settings), in this
 * transaction, because a customer always sits on a level that exists.
 */
export async function saveLevels(
  tx: Tx,
  merchantId: string,
  input: LevelSet,
  context: { actor: Actor; now: Date },
): Promise<{ reevaluateJobId: number }> {
  const removed = await saveLevelSet(tx, merchantId, input, context.now);
  if (removed.length > 0) {
    const config = await readLevelConfig(tx, merchantId);
    const gone = new Set(removed);
    await placeLevels(tx, merchantId, {
      mode: "settings",
      settings: config.settings,
      levels: config.levels.filter((l) => !gone.has(l.id)),
      scope: { merchantId, timeZone: config.timeZone, now: context.now },
      onLevels: removed,
      trigger: "settings",
      actor: context.actor,
      output: "none",
    });
    await deleteLevels(tx, merchantId, removed);
  }
  const reevaluateJobId = await enqueueJob(tx, { name: levelsReevaluateJobName, merchantId });
  return { reevaluateJobId };
}
