import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { withHashJoins } from "./hash-joins.js";
import type { Level, LevelInput, LevelSet, LevelSettings } from "./schemas.js";
import { levelSettings, memberLevels, type RewardCouponSpec } from "./tables.js";

/** A saved level as the placement and the benefits read it. */
export type LevelDefinition = Omit<Level, "memberCount">;

export type LevelConfig = {
  settings: LevelSettings;
  /** Lowest first; empty until the merchant saves a ladder. */
  levels: LevelDefinition[];
  configured: boolean;
  timeZone: string;
};

export const defaultLevelSettings: LevelSettings = {
  growthBasis: "spend",
  spendWeightPercent: 100,
  pointsWeightPercent: 100,
  growthWindow: "lifetime",
  downgradeSchedule: "quarterly",
  protectionDays: 90,
};

type ConfigRow = {
  time_zone: string;
  settings: Record<string, unknown> | null;
  levels: Record<string, unknown>[] | string;
};

/** The merchant's settings, ladder and time zone in one round trip. */
export async function readLevelConfig(tx: Tx, merchantId: string): Promise<LevelConfig> {
  const [row] = rowsOf<ConfigRow>(
    await tx.execute(sql`select m.time_zone,
      (select to_jsonb(s) from level_settings s where s.merchant_id = m.id) as settings,
      (select coalesce(json_agg(to_jsonb(l) order by l.position), '[]') from member_levels l
        where l.merchant_id = m.id) as levels
      from merchants m where m.id = ${merchantId}`),
  );
  if (!row) throw new AppError("not_found", "Merchant not found");
  const s = row.settings;
  const settings: LevelSettings = s
    ? {
        growthBasis: s.growth_basis as LevelSettings["growthBasis"],
        spendWeightPercent: Number(s.spend_weight_percent),
        pointsWeightPercent: Number(s.points_weight_percent),
        growthWindow: s.growth_window as LevelSettings["growthWindow"],
        downgradeSchedule: s.downgrade_schedule as LevelSettings["downgradeSchedule"],
        protectionDays: Number(s.protection_days),
      }
    : defaultLevelSettings;
  const raw =
    typeof row.levels === "string" ? (JSON.parse(row.levels) as Record<string, unknown>[]) : row.levels;
  const levels = raw.map(
    (l): LevelDefinition => ({
      id: String(l.id),
      position: Number(l.position),
      name: String(l.name),
      nameEn: String(l.name_en),
      threshold: Number(l.threshold),
      pointsMultiplierPercent: Number(l.points_multiplier_percent),
      discountPercent: Number(l.discount_percent),
      birthdayGiftPoints: Number(l.birthday_gift_points),
      freeGifts: (l.free_gifts as string[] | null) ?? [],
      rewardPoints: Number(l.reward_points),
      rewardCoupon: (l.reward_coupon as RewardCouponSpec | null) ?? null,
    }),
  );
  return { settings, levels, configured: s !== null && levels.length > 0, timeZone: row.time_zone };
}

/** The ladder with how many live customers sit on each level now. */
export async function listLevels(tx: Tx, merchantId: string): Promise<LevelConfig & { levels: Level[] }> {
  const config = await readLevelConfig(tx, merchantId);
  const counts = rowsOf<{ level_id: string; n: number }>(
    await withHashJoins(tx, () =>
      tx.execute(sql`select cl.level_id, count(*)::int as n from customer_levels cl
        join customers c on c.merchant_id = cl.merchant_id and c.id = cl.customer_id and c.merged_into_id is null
        where cl.merchant_id = ${merchantId} group by cl.level_id`),
    ),
  );
  const byLevel = new Map(counts.map((c) => [c.level_id, c.n]));
  return { ...config, levels: config.levels.map((l) => ({ ...l, memberCount: byLevel.get(l.id) ?? 0 })) };
}

const invalid = (field: string, message: string) => new AppError("validation_failed", message, { field });

/**
 * Checks a proposed ladder before anything is written: the entry level's threshold is 0 and each
 * level needs more than the one below, names are unique in both languages, ids are this shop's.
 */
export async function checkLevelSet(tx: Tx, merchantId: string, input: LevelSet): Promise<void> {
  const { settings, levels } = input;
  if (
    settings.growthBasis === "weighted" &&
    settings.spendWeightPercent + settings.pointsWeightPercent === 0
  ) {
    throw invalid("settings.spendWeightPercent", "A weighted growth value needs at least one weight above 0");
  }
  const names = new Map<string, number>();
  const namesEn = new Map<string, number>();
  for (const [i, level] of levels.entries()) {
    const here = `levels[${i}]`;
    if (i === 0 && level.threshold !== 0) {
      throw invalid(`${here}.threshold`, "The first (entry) level starts at 0, so every member has a level");
    }
    const below = levels[i - 1];
    if (below && level.threshold <= below.threshold) {
      throw invalid(`${here}.threshold`, `Level ${i + 1} needs a higher threshold than level ${i}`);
    }
    const same = names.get(level.name) ?? namesEn.get(level.nameEn.toLowerCase());
    if (same !== undefined)
      throw invalid(`${here}.name`, `Level ${i + 1} has the same name as level ${same + 1}`);
    names.set(level.name, i);
    namesEn.set(level.nameEn.toLowerCase(), i);
  }
  const ids = levels.map((l) => l.id).filter((id): id is string => id !== undefined);
  if (new Set(ids).size !== ids.length) throw invalid("levels", "A level id appears twice");
  if (ids.length === 0) return;
  const known = new Set(
    rowsOf<{ id: string }>(
      await tx.execute(sql`select id from member_levels where merchant_id = ${merchantId}
        and id = any(${`{${ids.join(",")}}`}::uuid[])`),
    ).map((r) => r.id),
  );
  const unknown = levels.findIndex((l) => l.id !== undefined && !known.has(l.id));
  if (unknown >= 0) throw invalid(`levels[${unknown}].id`, "No such level");
}

function levelValues(level: LevelInput, position: number, at: Date) {
  return {
    position,
    name: level.name,
    nameEn: level.nameEn,
    threshold: level.threshold,
    pointsMultiplierPercent: level.pointsMultiplierPercent,
    discountPercent: level.discountPercent,
    birthdayGiftPoints: level.birthdayGiftPoints,
    freeGifts: level.freeGifts,
    rewardPoints: level.rewardPoints,
    rewardCoupon: level.rewardCoupon,
    updatedAt: at,
  };
}

/**
 * Writes the settings and the ladder (existing levels keep their ids). Returns the ids of removed
 * levels, which still exist: the caller re-places their members and then deletes them with
 * deleteLevels, because a customer always sits on a level that exists.
 */
export async function saveLevelSet(tx: Tx, merchantId: string, input: LevelSet, at: Date): Promise<string[]> {
  await checkLevelSet(tx, merchantId, input);
  await tx
    .insert(levelSettings)
    .values({ merchantId, ...input.settings, updatedAt: at })
    .onConflictDoUpdate({ target: levelSettings.merchantId, set: { ...input.settings, updatedAt: at } });
  const keep: string[] = [];
  for (const [i, level] of input.levels.entries()) {
    const values = levelValues(level, i + 1, at);
    const [row] = level.id
      ? await tx
          .update(memberLevels)
          .set(values)
          .where(and(eq(memberLevels.merchantId, merchantId), eq(memberLevels.id, level.id)))
          .returning({ id: memberLevels.id })
      : await tx
          .insert(memberLevels)
          .values({ merchantId, ...values })
          .returning({ id: memberLevels.id });
    keep.push(row!.id);
  }
  const removed = await tx
    .select({ id: memberLevels.id })
    .from(memberLevels)
    .where(and(eq(memberLevels.merchantId, merchantId), notInArray(memberLevels.id, keep)));
  return removed.map((r) => r.id);
}

export async function deleteLevels(tx: Tx, merchantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`delete from member_levels where merchant_id = ${merchantId}
    and id = any(${`{${ids.join(",")}}`}::uuid[])`);
}
