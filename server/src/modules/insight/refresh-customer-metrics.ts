import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { useBulkWorkMem } from "../../db/bulk-memory.js";
import type { Db } from "../../db/database.js";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { isUuid, uuidArrayLiteral } from "../../lib/uuid-list.js";
import { recentOrderTimesSql } from "./conditions/recent-order-times.js";

export type MetricsScope = string[] | "all";

export type MetricsRefresh = { written: number; removed: number };

/**
 * Recomputes customer_metrics and customer_category_metrics for some customers of a merchant (or
 * all of them) from their orders, in one statement. The incremental hooks (order, refund, merge,
 * import) and the full recompute call this same statement, so incremental = full by construction.
 *
 * Concurrency: a refresh of some customers takes a shared merchant lock and an exclusive lock per
 * customer before the statement's snapshot is taken, so two transactions touching one customer
 * serialise and the second sees the first's order; "all" takes the merchant lock exclusively.
 */
export async function refreshCustomerMetrics(
  tx: Tx | Db,
  merchantId: string,
  customerIds: MetricsScope,
): Promise<MetricsRefresh> {
  if (customerIds !== "all") {
    const ids = sortedCustomerIds(merchantId, customerIds);
    if (ids.length === 0) return { written: 0, removed: 0 };
    const locked = await tx.execute(sql`select set_config('plan_cache_mode', 'force_generic_plan', true),
      ${lockCustomersForMetricsSql(merchantId, ids)}`);
    const [state] = (locked as unknown as { rows: { metrics_prepared: boolean }[] }).rows;
    return executeMetricsRefresh(tx, merchantId, ids, state?.metrics_prepared ?? false, "auto");
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('insight:' || ${merchantId}, 0))`);
  await useBulkWorkMem(tx);
  return runRefresh(tx, merchantId, (column) => sql`${column} is not null`, sql`not materialized`);
}

/** The distinct ids, sorted so transactions lock the same customers in the same order; checks the merchant id. */
export function sortedCustomerIds(merchantId: string, customerIds: readonly string[]): string[] {
  if (!isUuid(merchantId)) throw new AppError("internal", "Merchant id is not a UUID");
  return [...new Set(customerIds)].sort();
}

/**
 * Select-list items that take the metrics locks for some customers (a shared merchant lock, an
 * exclusive lock per customer) and report, as `metrics_prepared`, whether this connection has
 * prepared the refresh statement. They must run in a statement before the refresh, so its snapshot
 * sees what the transaction that held the lock before committed; refreshInsightFor folds them into
 * its first statement.
 */
export function lockCustomersForMetricsSql(
  merchantId: string,
  sortedIds: readonly string[],
  knownPrepared = false,
): SQL {
  const list = uuidArrayLiteral(sortedIds);
  // pg_prepared_statements lists every statement the connection holds, with its text: with the
  // hundreds a long-lived pool connection keeps, looking one up costs more than the refresh.
  const prepared = knownPrepared
    ? sql`true`
    : sql`exists (select 1 from pg_prepared_statements where name = ${preparedRefresh.name})`;
  return sql`pg_advisory_xact_lock_shared(hashtextextended('insight:' || ${merchantId}, 0)) as merchant_lock,
    (select count(pg_advisory_xact_lock(hashtextextended('insight:' || ${merchantId} || ':' || c, 0)))
       from unnest(${list}::text[]) as c) as customer_locks,
    ${prepared} as metrics_prepared`;
}

/**
 * Runs the prepared some-customers refresh (preparing it first on a connection that has not).
 * Planning the statement costs several times executing it (PostgreSQL: 6.8 ms custom plan against
 * 0.8 ms generic; PGlite: ~55 ms planning), so it runs with the generic plan the caller asked for
 * with plan_cache_mode; the statement itself then sets plan_cache_mode to `planModeAfter`.
 */
export async function executeMetricsRefresh(
  tx: Tx | Db,
  merchantId: string,
  sortedIds: readonly string[],
  prepared: boolean,
  planModeAfter: "auto" | "force_generic_plan",
): Promise<MetricsRefresh> {
  if (!prepared) await tx.execute(sql.raw(`prepare ${preparedRefresh.name} as ${preparedRefresh.text}`));
  const list = uuidArrayLiteral(sortedIds);
  // Every value is checked (UUIDs, a fixed word), so they can be written as literals.
  const args = preparedRefresh.params.map((p) =>
    p === merchantSentinel ? merchantId : p === listSentinel ? list : planModeAfter,
  );
  const result = await tx.execute(
    sql.raw(`execute ${preparedRefresh.name}(${args.map((a) => `'${a}'`).join(", ")})`),
  );
  return readRefresh(result);
}

/**
 * Orders are not materialised: the planner then sees the customer filter (index scans for a few
 * customers) and real row counts (hash joins for all of them).
 */
async function runRefresh(
  tx: Tx | Db,
  merchantId: string,
  inScope: (column: SQL) => SQL,
  materialize: SQL,
): Promise<MetricsRefresh> {
  return readRefresh(await tx.execute(refreshStatement(merchantId, inScope, materialize)));
}

function readRefresh(result: unknown): MetricsRefresh {
  const [row] = (result as { rows: MetricsRefresh[] }).rows;
  return { written: Number(row?.written ?? 0), removed: Number(row?.removed ?? 0) };
}

const merchantSentinel = "00000000-0000-0000-0000-00000000000m";
const listSentinel = "{customer ids}";
const planModeSentinel = "plan mode after";

/** The some-customers statement as text with $n parameters: the merchant id, the id list, the plan mode after. */
const preparedRefresh = (() => {
  const query = new PgDialect().sqlToQuery(
    refreshStatement(
      merchantSentinel,
      (column) => sql`${column} = any(${listSentinel}::uuid[])`,
      sql`not materialized`,
      planModeSentinel,
    ),
  );
  if (!query.params.every((p) => p === merchantSentinel || p === listSentinel || p === planModeSentinel)) {
    throw new Error(
      "refresh statement has a parameter that is not the merchant, the id list or the plan mode",
    );
  }
  const name = `qz_insight_refresh_${createHash("sha1").update(query.sql).digest("hex").slice(0, 12)}`;
  return { name, text: query.sql, params: query.params };
})();

export function refreshStatement(
  merchantId: string,
  inScope: (column: SQL) => SQL,
  materialize: SQL,
  planModeAfter = "auto",
): SQL {
  return sql`
    with scoped_orders as ${materialize} (
      select o.customer_id, o.id, o.placed_at, o.store_id, o.total, o.refunded_amount, o.discount
        from orders o
       where o.merchant_id = ${merchantId} and o.status <> 'cancelled' and ${inScope(sql`o.customer_id`)}
    ),
    ${netLinesSql(merchantId)},
    order_categories as (
      select customer_id, category, order_id, min(placed_at) as placed_at,
             sum(net - refunded_amount) as spent
        from net_lines
       where category is not null
       group by customer_id, category, order_id
    ),
    categories as (
      select customer_id, category, count(*)::int as order_count, sum(spent)::bigint as spent,
             min(placed_at) as first_order_at, max(placed_at) as last_order_at,
             ${recentOrderTimesSql(sql`placed_at`)} as recent_order_at
        from order_categories
       group by customer_id, category
    ),
    totals as (
      select customer_id, min(placed_at) as first_order_at, max(placed_at) as last_order_at,
             count(*)::int as order_count, sum(total)::bigint as total_spent,
             sum(refunded_amount)::bigint as refunded_amount
        from scoped_orders
       group by customer_id
    ),
    stores as (
      select customer_id, count(*)::int as stores_visited
        from (select distinct customer_id, store_id from scoped_orders where store_id is not null) visits
       group by customer_id
    ),
    favourites as (
      select distinct on (customer_id) customer_id, category
        from categories
       order by customer_id, order_count desc, spent desc, category collate "C"
    ),
    written as (
      insert into customer_metrics as m (merchant_id, customer_id, first_order_at, last_order_at, order_count,
        total_spent, refunded_amount, net_spent, average_order_value, stores_visited, favourite_category,
        updated_at)
      select ${merchantId}, t.customer_id, t.first_order_at, t.last_order_at, t.order_count, t.total_spent,
             t.refunded_amount, t.total_spent - t.refunded_amount,
             round((t.total_spent - t.refunded_amount)::numeric / t.order_count)::bigint,
             coalesce(v.stores_visited, 0), f.category, now()
        from totals t
        left join favourites f on f.customer_id = t.customer_id
        left join stores v on v.customer_id = t.customer_id
      on conflict (merchant_id, customer_id) do update set
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
        order_count = excluded.order_count, total_spent = excluded.total_spent,
        refunded_amount = excluded.refunded_amount, net_spent = excluded.net_spent,
        average_order_value = excluded.average_order_value, stores_visited = excluded.stores_visited,
        favourite_category = excluded.favourite_category, updated_at = excluded.updated_at
      where (m.first_order_at, m.last_order_at, m.order_count, m.total_spent, m.refunded_amount,
             m.stores_visited, m.favourite_category)
            is distinct from (excluded.first_order_at, excluded.last_order_at, excluded.order_count,
             excluded.total_spent, excluded.refunded_amount, excluded.stores_visited, excluded.favourite_category)
      returning 1
    ),
    removed as (
      delete from customer_metrics m
       where m.merchant_id = ${merchantId} and ${inScope(sql`m.customer_id`)}
         and m.customer_id not in (select t.customer_id from totals t)
      returning 1
    ),
    written_categories as (
      insert into customer_category_metrics as c (merchant_id, customer_id, category, order_count, spent,
        first_order_at, last_order_at, recent_order_at)
      select ${merchantId}, customer_id, category, order_count, spent, first_order_at, last_order_at, recent_order_at
        from categories
      on conflict (merchant_id, customer_id, category) do update set
        order_count = excluded.order_count, spent = excluded.spent,
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
        recent_order_at = excluded.recent_order_at
      where (c.order_count, c.spent, c.first_order_at, c.last_order_at, c.recent_order_at)
            is distinct from (excluded.order_count, excluded.spent, excluded.first_order_at, excluded.last_order_at,
              excluded.recent_order_at)
      returning 1
    ),
    removed_categories as (
      delete from customer_category_metrics c
       where c.merchant_id = ${merchantId} and ${inScope(sql`c.customer_id`)}
         and (c.customer_id, c.category) not in (select k.customer_id, k.category from categories k)
      returning 1
    ),
    removed_rfm as (
      delete from customer_rfm r
       where r.merchant_id = ${merchantId} and ${inScope(sql`r.customer_id`)}
         and r.customer_id not in (select t.customer_id from totals t)
      returning 1
    )
    select (select count(*) from written)::int + (select count(*) from written_categories)::int as written,
           (select count(*) from removed)::int + (select count(*) from removed_categories)::int
             + (select count(*) from removed_rfm)::int as removed,
           -- runs after this statement was planned: sets how the statements after it plan
           set_config('plan_cache_mode', ${planModeAfter}, true) as plan_cache_mode`;
}

/**
 * Each line's share of its order after the order discount, split exactly as the orders module's
 * netLineAmounts does it (floating-point proportion, floor, leftover 分 to the largest remainders,
 * ties to the lower line number), because line refunds were computed from those same net amounts.
 */
function netLinesSql(merchantId: string): SQL {
  return sql`plain_lines as (
      select so.customer_id, so.id as order_id, so.placed_at, li.category, li.refunded_amount, li.total as net
        from scoped_orders so
        join order_items li on li.merchant_id = ${merchantId} and li.order_id = so.id
       where so.discount = 0
    ),
    discounted_lines as (
      select so.customer_id, so.id as order_id, so.placed_at, so.discount, li.line_no, li.category, li.total,
             li.refunded_amount, sum(li.total) over (partition by li.order_id) as subtotal
        from scoped_orders so
        join order_items li on li.merchant_id = ${merchantId} and li.order_id = so.id
       where so.discount <> 0
    ),
    shares as (
      select l.*,
             case when l.subtotal = 0 then 0::float8
                  else l.total::float8 * l.discount::float8 / l.subtotal::float8 end as exact
        from discounted_lines l
    ),
    net_lines as (
      select customer_id, order_id, placed_at, category, refunded_amount, net from plain_lines
      union all
      select s.customer_id, s.order_id, s.placed_at, s.category, s.refunded_amount,
             s.total - floor(s.exact)::bigint
               - case when row_number() over (partition by s.order_id order by s.exact - floor(s.exact) desc, s.line_no)
                           <= s.discount - sum(floor(s.exact)::bigint) over (partition by s.order_id)
                      then 1 else 0 end
        from shares s
    )`;
}
