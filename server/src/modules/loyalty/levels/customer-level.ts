import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { growthSql } from "./growth-sql.js";
import { type LevelDefinition, readLevelConfig } from "./level-settings.js";
import type { CustomerLevelResponseSchema, CustomerLevelSchema } from "./schemas.js";
import type { LevelChangeReason } from "./tables.js";

type Standing = z.infer<typeof CustomerLevelSchema>;

const briefOf = (l: LevelDefinition) => ({
  id: l.id,
  name: l.name,
  nameEn: l.nameEn,
  threshold: l.threshold,
  pointsMultiplierPercent: l.pointsMultiplierPercent,
  discountPercent: l.discountPercent,
  birthdayGiftPoints: l.birthdayGiftPoints,
  freeGifts: l.freeGifts,
});

/**
 * Where a customer stands: their level (the entry level until first placed), their growth value
 * now (computed, not the cached one, so a rolling window is current), the next level and what is
 * missing to reach it.
 */
export async function customerLevelStanding(tx: Tx, merchantId: string, customerId: string, now: Date) {
  const config = await readLevelConfig(tx, merchantId);
  const [row] = rowsOf<{
    growth: string | number;
    level_id: string | null;
    since: string | Date | null;
    protected_until: string | Date | null;
  }>(
    await tx.execute(sql`select g.growth, cl.level_id, cl.since, cl.protected_until
      from (${growthSql(config.settings, { merchantId, timeZone: config.timeZone, now, customerIds: [customerId] })}) g
      left join customer_levels cl on cl.merchant_id = ${merchantId} and cl.customer_id = g.customer_id`),
  );
  if (!row) throw notFound("Customer");
  const growth = Number(row.growth);
  const placedIndex = config.levels.findIndex((l) => l.id === row.level_id);
  const index = Math.max(placedIndex, 0);
  const level = config.levels[index];
  const next = level ? config.levels[index + 1] : undefined;
  const standing: Standing = {
    configured: config.configured,
    growthBasis: config.settings.growthBasis,
    growthWindow: config.settings.growthWindow,
    growth,
    current: level
      ? {
          ...briefOf(level),
          since: placedIndex >= 0 && row.since ? new Date(row.since) : null,
          protectedUntil: placedIndex >= 0 && row.protected_until ? new Date(row.protected_until) : null,
        }
      : null,
    next: next ? briefOf(next) : null,
    missing: next ? Math.max(0, next.threshold - growth) : 0,
  };
  return standing;
}

type ChangeRow = {
  from_level_id: string | null;
  from_name: string | null;
  to_level_id: string;
  to_name: string;
  reason: LevelChangeReason;
  trigger: string | null;
  growth: string | number;
  actor_type: string;
  actor_name: string | null;
  changed_at: string | Date;
};

/** A customer's standing and their level changes, newest first (the latest 200). */
export async function customerLevelHistory(
  tx: Tx,
  merchantId: string,
  customerId: string,
  now: Date,
): Promise<z.infer<typeof CustomerLevelResponseSchema>> {
  const standing = await customerLevelStanding(tx, merchantId, customerId, now);
  const changes = rowsOf<ChangeRow>(
    await tx.execute(sql`select from_level_id, from_name, to_level_id, to_name, reason, trigger, growth,
        actor_type, actor_name, changed_at
      from level_changes where merchant_id = ${merchantId} and customer_id = ${customerId}
     order by changed_at desc, id desc limit 200`),
  );
  return {
    ...standing,
    history: changes.map((c) => ({
      fromLevelId: c.from_level_id,
      fromName: c.from_name,
      toLevelId: c.to_level_id,
      toName: c.to_name,
      reason: c.reason,
      trigger: c.trigger,
      growth: Number(c.growth),
      actor: { type: c.actor_type, name: c.actor_name },
      changedAt: new Date(c.changed_at),
    })),
  };
}
