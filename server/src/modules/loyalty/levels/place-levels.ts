import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";
import { type Actor, describeActor } from "../../audit/record-audit.js";
import { insertEventsSql } from "../../events/record-events.js";
import type { PlacementMode } from "./decide-level.js";
import { type GrowthScope, growthSql } from "./growth-sql.js";
import { withHashJoins } from "./hash-joins.js";
import type { LevelDefinition } from "./level-settings.js";
import type { LevelSettings } from "./schemas.js";
import type { LevelChangeReason } from "./tables.js";

/**
 * `select customer_id, growth, idx` for the live customers in scope: idx is the index (0 = entry
 * level) of the highest threshold their growth reaches. The preview counts this and the placement
 * writes it, so the two agree by construction.
 */
export function targetLevelsSql(
  thresholds: readonly number[],
  settings: LevelSettings,
  scope: GrowthScope,
): SQL {
  const ladder = sql.join(
    thresholds.map((t, i) => sql`(${i}::int, ${t}::bigint)`),
    sql`, `,
  );
  return sql`select g.customer_id, g.growth,
      coalesce((select max(r.idx) from (values ${ladder}) r(idx, threshold) where r.threshold <= g.growth), 0) as idx
    from (${growthSql(settings, scope)}) g`;
}

export type LevelChange = {
  customerId: string;
  fromIndex: number | null;
  toIndex: number;
  reason: LevelChangeReason;
  growth: number;
};

export type Placement = {
  mode: PlacementMode;
  settings: LevelSettings;
  levels: readonly LevelDefinition[];
  scope: GrowthScope;
  /** Only customers on these levels (the ones a settings save removes). */
  onLevels?: readonly string[];
  trigger: string;
  actor: Actor;
  /** Which changes to send back: all, only upgrades (their rewards), or none (a count). */
  output: "all" | "upgrades" | "none";
};

/**
 * Places the customers in scope on the ladder in one statement: first placements inserted, moves
 * (up always; down on the schedule past protection, or for a settings change) updated, growth
 * refreshed, each change logged with its reason and emitted as a `level.changed` event. Writes are
 * guarded by the level the statement saw (a first placement by "no row yet"), so a concurrent
 * change wins and is not logged twice.
 */
export async function placeLevels(
  tx: Tx,
  merchantId: string,
  placement: Placement,
): Promise<{ changed: number; changes: LevelChange[] }> {
  const { mode, settings, levels, scope, trigger } = placement;
  const now = sql`${scope.now.toISOString()}::timestamptz`;
  const protectedUntil = sql`${scope.now.toISOString()}::timestamptz + make_interval(days => ${settings.protectionDays}::int)`;
  const ranked = sql.join(
    levels.map((l, i) => sql`(${i}::int, ${l.id}::uuid, ${l.name}::text, ${l.nameEn}::text)`),
    sql`, `,
  );
  const customerFilter = scope.customerIds
    ? sql`and cl.customer_id = any(${uuidArrayLiteral(scope.customerIds)}::uuid[])`
    : sql``;
  const levelFilter = placement.onLevels
    ? sql`and cl.level_id = any(${uuidArrayLiteral(placement.onLevels)}::uuid[])`
    : sql``;
  const goesDown =
    mode === "settings"
      ? sql`true`
      : mode === "schedule"
        ? sql`(cur.protected_until is null or cur.protected_until <= ${now})`
        : sql`false`;
  const reason =
    mode === "settings"
      ? sql`'settings'`
      : sql`case when d.from_idx is null or d.to_idx > d.from_idx then 'upgrade' else 'downgrade' end`;
  const actor = describeActor(placement.actor);
  // Customers on removed levels (onLevels) are re-placed only when they already have a row.
  const targets = placement.onLevels
    ? sql`select t.* from (${targetLevelsSql(
        levels.map((l) => l.threshold),
        settings,
        scope,
      )}) t where exists (select 1 from customer_levels cl where cl.merchant_id = ${merchantId}
        and cl.customer_id = t.customer_id ${levelFilter})`
    : targetLevelsSql(
        levels.map((l) => l.threshold),
        settings,
        scope,
      );
  const output =
    placement.output === "none"
      ? sql`'[]'::json`
      : sql`(select coalesce(json_agg(json_build_object('customerId', ch.customer_id, 'fromIndex', ch.from_idx,
          'toIndex', ch.to_idx, 'reason', ch.reason, 'growth', ch.growth)), '[]') from changes ch
          ${placement.output === "upgrades" ? sql`where ch.reason = 'upgrade'` : sql``})`;
  const staleRows =
    !scope.customerIds && !placement.onLevels
      ? sql`, stale as (delete from customer_levels cl where cl.merchant_id = ${merchantId}
          and not exists (select 1 from customers c where c.merchant_id = cl.merchant_id and c.id = cl.customer_id
            and c.merged_into_id is null))`
      : sql``;
  const statement = sql`
    with ranked (idx, level_id, name, name_en) as (values ${ranked}),
    target as (${targets}),
    current as (
      select cl.customer_id, cl.level_id, r.idx, cl.protected_until, cl.growth
        from customer_levels cl left join ranked r on r.level_id = cl.level_id
       where cl.merchant_id = ${merchantId} ${customerFilter} ${levelFilter}
    ),
    decided as (
      select t.customer_id, t.growth, cur.customer_id is not null as placed, cur.level_id as from_id,
             cur.idx as from_idx, cur.growth as old_growth,
             case when cur.customer_id is null or cur.idx is null or t.idx > cur.idx then t.idx
                  when t.idx < cur.idx and ${goesDown} then t.idx
                  else cur.idx end as to_idx
        from target t left join current cur using (customer_id)
    ),
    resolved as (
      select d.*, r.level_id as to_id, r.name as to_name, ${reason} as reason
        from decided d join ranked r on r.idx = d.to_idx
    ),
    inserted as (
      insert into customer_levels (merchant_id, customer_id, level_id, since, protected_until, growth, growth_at)
      select ${merchantId}, customer_id, to_id, ${now}, ${protectedUntil}, growth, ${now} from resolved where not placed
      on conflict (merchant_id, customer_id) do nothing
      returning customer_id
    ),
    moved as (
      update customer_levels cl set level_id = r.to_id, since = ${now}, growth = r.growth, growth_at = ${now},
             protected_until = case when r.reason = 'downgrade' or (r.reason = 'settings' and r.to_idx < r.from_idx)
                                    then null else ${protectedUntil} end
        from resolved r
       where cl.merchant_id = ${merchantId} and cl.customer_id = r.customer_id and r.placed
         and r.to_id is distinct from r.from_id and cl.level_id = r.from_id
      returning cl.customer_id
    ),
    regrown as (
      update customer_levels cl set growth = r.growth, growth_at = ${now}
        from resolved r
       where cl.merchant_id = ${merchantId} and cl.customer_id = r.customer_id and r.placed
         and r.to_id = r.from_id and r.growth is distinct from r.old_growth and cl.level_id = r.to_id
      returning cl.customer_id
    ),
    changes as (
      select r.customer_id, r.from_id, r.from_idx, r.to_id, r.to_idx, r.to_name, r.reason, r.growth
        from resolved r where r.customer_id in (select customer_id from inserted union all select customer_id from moved)
    ),
    logged as (
      insert into level_changes (merchant_id, customer_id, from_level_id, from_name, to_level_id, to_name, reason,
                                 trigger, growth, actor_type, actor_id, actor_name, changed_at)
      select ${merchantId}, ch.customer_id, ch.from_id, fl.name, ch.to_id, ch.to_name, ch.reason, ${trigger},
             ch.growth, ${actor.actorType}, ${actor.actorId}, ${actor.actorName}, ${now}
        from changes ch left join member_levels fl on fl.merchant_id = ${merchantId} and fl.id = ch.from_id
      returning customer_id, from_level_id, from_name, to_level_id, to_name, reason, growth
    ),
    change_events as (${insertEventsSql(merchantId, {
      from: sql`logged l`,
      customerId: sql`l.customer_id`,
      type: sql`'level.changed'`,
      properties: sql`jsonb_build_object('fromLevelId', l.from_level_id, 'fromLevel', l.from_name,
        'toLevelId', l.to_level_id, 'toLevel', l.to_name, 'reason', l.reason, 'trigger', ${trigger}::text,
        'growth', l.growth)`,
      occurredAt: scope.now,
      source: "system",
    })})
    ${staleRows}
    select (select count(*)::int from changes) as changed, ${output} as changes`;
  const run = () => tx.execute(statement);
  const [row] = rowsOf<{ changed: number; changes: LevelChange[] | string }>(
    scope.customerIds ? await run() : await withHashJoins(tx, run),
  );
  const changes =
    typeof row?.changes === "string" ? (JSON.parse(row.changes) as LevelChange[]) : (row?.changes ?? []);
  return { changed: row?.changed ?? 0, changes: changes.map((c) => ({ ...c, growth: Number(c.growth) })) };
}
