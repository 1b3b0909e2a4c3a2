import { type SQL, sql } from "drizzle-orm";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";
import { rollingWindowStart } from "./decide-level.js";
import { pointsEarnedRowsSql } from "./points-earned.js";
import type { LevelSettings } from "./schemas.js";

export type GrowthScope = {
  merchantId: string;
  timeZone: string;
  now: Date;
  /** Only these customers; every live customer of the shop when absent. */
  customerIds?: readonly string[];
};

/** When the growth window starts: null for the lifetime. */
export function growthWindowStart(settings: LevelSettings, scope: GrowthScope): Date | null {
  return settings.growthWindow === "lifetime" ? null : rollingWindowStart(scope.now, scope.timeZone);
}

/**
 * `select customer_id, amount` rows whose sum per customer is their net spend (paid minus
 * refunded, 分): the insight module's `customer_metrics.net_spent` for the lifetime; for a window,
 * the orders placed in it (cancelled ones left out) less what was refunded on them.
 */
function spendRowsSql(merchantId: string, since: Date | null, ids: string | null): SQL {
  if (!since) {
    return sql`select m.customer_id, m.net_spent as amount from customer_metrics m
      where m.merchant_id = ${merchantId} ${ids ? sql`and m.customer_id = any(${ids}::uuid[])` : sql``}`;
  }
  return sql`select o.customer_id, o.total - o.refunded_amount as amount from orders o
    where o.merchant_id = ${merchantId} and o.status <> 'cancelled' and o.customer_id is not null
      and o.placed_at >= ${since.toISOString()}::timestamptz
      ${ids ? sql`and o.customer_id = any(${ids}::uuid[])` : sql``}`;
}

/**
 * `select customer_id, growth` for the live customers in scope, on the merchant's basis and
 * window. One aggregate over the union of the customers and their spend and points rows, with no
 * join: its cost stays linear whatever the planner believes about the tables (PGlite never
 * analyses them by itself, and a nested loop over unanalysed orders cost 17 s for 2,000 customers).
 */
export function growthSql(settings: LevelSettings, scope: GrowthScope): SQL {
  const { merchantId } = scope;
  const ids = scope.customerIds ? uuidArrayLiteral(scope.customerIds) : null;
  const since = growthWindowStart(settings, scope);
  const parts: SQL[] = [
    sql`select c.id as customer_id, 0::numeric as spend, 0::numeric as points, true as live from customers c
      where c.merchant_id = ${merchantId} and c.merged_into_id is null
        ${ids ? sql`and c.id = any(${ids}::uuid[])` : sql``}`,
  ];
  if (settings.growthBasis !== "points_earned") {
    parts.push(
      sql`select s.customer_id, s.amount::numeric, 0::numeric, false from (${spendRowsSql(merchantId, since, ids)}) s`,
    );
  }
  if (settings.growthBasis !== "spend") {
    const points = pointsEarnedRowsSql(merchantId, { since, customerIds: scope.customerIds });
    parts.push(sql`select p.customer_id, 0::numeric, p.amount::numeric, false from (${points}) p`);
  }
  const growth =
    settings.growthBasis === "spend"
      ? sql`t.spend`
      : settings.growthBasis === "points_earned"
        ? sql`t.points`
        : // The same arithmetic as weightedGrowth: floor((分 × spend% + points × points% × 100) / 10000).
          sql`floor((t.spend * ${settings.spendWeightPercent}::int + t.points * ${settings.pointsWeightPercent}::int * 100) / 10000)`;
  return sql`select t.customer_id, (${growth})::bigint as growth
    from (select u.customer_id, sum(u.spend) as spend, sum(u.points) as points, bool_or(u.live) as live
            from (${sql.join(parts, sql` union all `)}) u group by u.customer_id) t
   where t.live`;
}
