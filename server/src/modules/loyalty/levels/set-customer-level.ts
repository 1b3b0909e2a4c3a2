import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { type Actor, describeActor } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { growthSql } from "./growth-sql.js";
import { readLevelConfig } from "./level-settings.js";
import type { LevelChange } from "./place-levels.js";

/**
 * Staff put a customer on a level by hand (reason manual): it holds through the protection period
 * like an upgrade, after which the schedule may move them down again; growth that reaches a higher
 * level still moves them up at once. No reaching rewards: those are for growth. Returns null when
 * the customer already sits there.
 */
export async function setCustomerLevel(
  tx: Tx,
  merchantId: string,
  customerId: string,
  input: { levelId: string; note?: string | null },
  context: { actor: Actor; now: Date },
): Promise<LevelChange | null> {
  const config = await readLevelConfig(tx, merchantId);
  const toIndex = config.levels.findIndex((l) => l.id === input.levelId);
  const to = config.levels[toIndex];
  if (!to) throw new AppError("validation_failed", "No such level", { field: "levelId" });
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('levels:' || ${merchantId} || ':' || ${customerId}, 0))`,
  );
  const scope = { merchantId, timeZone: config.timeZone, now: context.now, customerIds: [customerId] };
  const [row] = rowsOf<{ growth: string | number; level_id: string | null }>(
    await tx.execute(sql`select g.growth, cl.level_id from (${growthSql(config.settings, scope)}) g
      left join customer_levels cl on cl.merchant_id = ${merchantId} and cl.customer_id = g.customer_id`),
  );
  if (!row) throw notFound("Customer");
  if (row.level_id === to.id) return null;
  const from = config.levels.find((l) => l.id === row.level_id) ?? null;
  const growth = Number(row.growth);
  const at = context.now.toISOString();
  const actor = describeActor(context.actor);
  await tx.execute(sql`
    with placed as (
      insert into customer_levels as cl (merchant_id, customer_id, level_id, since, protected_until, growth, growth_at)
      values (${merchantId}, ${customerId}, ${to.id}, ${at}::timestamptz,
              ${at}::timestamptz + make_interval(days => ${config.settings.protectionDays}::int), ${growth}, ${at}::timestamptz)
      on conflict (merchant_id, customer_id) do update set level_id = excluded.level_id, since = excluded.since,
        protected_until = excluded.protected_until, growth = excluded.growth, growth_at = excluded.growth_at
    )
    insert into level_changes (merchant_id, customer_id, from_level_id, from_name, to_level_id, to_name, reason,
                               trigger, growth, actor_type, actor_id, actor_name, changed_at)
    values (${merchantId}, ${customerId}, ${from?.id ?? null}, ${from?.name ?? null}, ${to.id}, ${to.name}, 'manual',
            ${input.note ?? "staff"}, ${growth}, ${actor.actorType}, ${actor.actorId}, ${actor.actorName}, ${at}::timestamptz)`);
  await recordEvent(tx, merchantId, {
    customerId,
    type: "level.changed",
    properties: {
      fromLevelId: from?.id ?? null,
      fromLevel: from?.name ?? null,
      toLevelId: to.id,
      toLevel: to.name,
      reason: "manual",
      trigger: input.note ?? "staff",
      growth,
    },
    occurredAt: context.now,
    source: "admin",
  });
  const fromIndex = from ? config.levels.indexOf(from) : null;
  return { customerId, fromIndex, toIndex, reason: "manual", growth };
}
