import { type SQL, sql } from "drizzle-orm";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";
import { rollingWindowStart } from "./decide-level.js";
import { pointsEarnedJoinSql } from "./points-earned.js";
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
 * Net spend (paid minus refunded, 分) as a LEFT JOIN on `c` exposing `spend.amount`: the insight
 * module's `customer_metrics.net_spent` for the lifetime; for a window, the orders placed in it
 * (cancelled ones left out) less what was refunded on them.
 */
function spendJoinSql(merchantId: string, since: Date | null, customerIds?: readonly string[]): SQL {
  if (!since) {
    return sql`left join (select m.customer_id, m.net_spent as amount from customer_metrics m
      where m.merchant_id = ${merchantId}) spend on spend.customer_id = c.id`;
  }
  const scope = customerIds ? sql`and o.customer_id = any(${uuidArrayLiteral(customerIds)}::uuid[])` : sql``;
  return sql`left join (select o.customer_id, sum(o.total - o.refunded_amount) as amount from orders o
      where o.merchant_id = ${merchantId} and o.status <> 'cancelled' and o.customer_id is not null
        and o.placed_at >= ${since.toISOString()}::timestamptz ${scope}
      group by o.customer_id) spend on spend.customer_id = c.id`;
}

/**
 * `select c.id as customer_id, <growth>::bigint as growth from customers c …` for the live
 * customers in scope, on the merchant's basis and window. Set-based: one pass whatever the scope.
 */
export function growthSql(settings: LevelSettings, scope: GrowthScope): SQL {
  const { merchantId, customerIds } = scope;
  const since = growthWindowStart(settings, scope);
  const spent = sql`coalesce(spend.amount, 0)`;
  const earned = sql`coalesce(points_earned.amount, 0)`;
  const joins: SQL[] = [];
  let growth: SQL;
  if (settings.growthBasis === "spend") {
    joins.push(spendJoinSql(merchantId, since, customerIds));
    growth = spent;
  } else if (settings.growthBasis === "points_earned") {
    joins.push(pointsEarnedJoinSql(merchantId, { since, customerIds }));
    growth = earned;
  } else {
    joins.push(spendJoinSql(merchantId, since, customerIds));
    joins.push(pointsEarnedJoinSql(merchantId, { since, customerIds }));
    // The same arithmetic as weightedGrowth: floor((分 × spend% + points × points% × 100) / 10000).
    growth = sql`floor((${spent}::numeric * ${settings.spendWeightPercent}::int
      + ${earned}::numeric * ${settings.pointsWeightPercent}::int * 100) / 10000)`;
  }
  const inScope = customerIds ? sql`and c.id = any(${uuidArrayLiteral(customerIds)}::uuid[])` : sql``;
  return sql`select c.id as customer_id, (${growth})::bigint as growth from customers c ${sql.join(joins, sql` `)}
    where c.merchant_id = ${merchantId} and c.merged_into_id is null ${inScope}`;
}
