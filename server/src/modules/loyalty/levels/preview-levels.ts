import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { withHashJoins } from "./hash-joins.js";
import { checkLevelSet, readLevelConfig } from "./level-settings.js";
import { targetLevelsSql } from "./place-levels.js";
import type { LevelSet } from "./schemas.js";

type Counted = { id: string | null; name: string; nameEn: string; threshold: number; count: number };

/**
 * How many live customers each level of a proposed ladder would hold, by the proposed settings,
 * without writing anything: one set-based count over the same target the placement writes.
 */
export async function previewLevels(tx: Tx, merchantId: string, input: LevelSet, now: Date) {
  await checkLevelSet(tx, merchantId, input);
  const { timeZone } = await readLevelConfig(tx, merchantId);
  const thresholds = input.levels.map((l) => l.threshold);
  const counts = rowsOf<{ idx: number; n: number }>(
    await tx.execute(sql`select idx, count(*)::int as n
      from (${targetLevelsSql(thresholds, input.settings, { merchantId, timeZone, now })}) t group by idx`),
  );
  const byIndex = new Map(counts.map((c) => [c.idx, c.n]));
  const data: Counted[] = input.levels.map((l, i) => ({
    id: l.id ?? null,
    name: l.name,
    nameEn: l.nameEn,
    threshold: l.threshold,
    count: byIndex.get(i) ?? 0,
  }));
  return { data, total: data.reduce((n, l) => n + l.count, 0) };
}

/**
 * How many live customers sit on each saved level now; customers not placed yet (new since the
 * last placement) count on the entry level, where the benefits place them too.
 */
export async function levelDistribution(tx: Tx, merchantId: string) {
  const config = await readLevelConfig(tx, merchantId);
  const entry = config.levels[0];
  if (!entry) return { data: [], total: 0 };
  const counts = rowsOf<{ level_id: string; n: number }>(
    await withHashJoins(tx, () =>
      tx.execute(sql`select coalesce(cl.level_id, ${entry.id}::uuid) as level_id, count(*)::int as n
      from customers c
      left join customer_levels cl on cl.merchant_id = c.merchant_id and cl.customer_id = c.id
     where c.merchant_id = ${merchantId} and c.merged_into_id is null
     group by 1`),
    ),
  );
  const byLevel = new Map(counts.map((c) => [c.level_id, c.n]));
  const data: Counted[] = config.levels.map((l) => ({
    id: l.id,
    name: l.name,
    nameEn: l.nameEn,
    threshold: l.threshold,
    count: byLevel.get(l.id) ?? 0,
  }));
  return { data, total: data.reduce((n, l) => n + l.count, 0) };
}
