import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";

export type MetricsScope = string[] | "all";

export type MetricsRefresh = { written: number; removed: number };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    const ids = [...new Set(customerIds)].sort();
    if (ids.length === 0) return { written: 0, removed: 0 };
    if (!ids.every((id) => uuidPattern.test(id))) throw new AppError("internal", "Customer id is not a UUID");
    const list = `{${ids.join(",")}}`;
    await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtextextended('insight:' || ${merchantId}, 0)),
      (select count(pg_advisory_xact_lock(hashtextextended('insight:' || ${merchantId} || ':' || c, 0)))
         from unnest(${list}::text[]) as c)`);
    return runRefresh(tx, merchantId, (column) => sql`${column} = any(${list}::uuid[])`);
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('insight:' || ${merchantId}, 0))`);
  return runRefresh(tx, merchantId, (column) => sql`${column} is not null`);
}

async function runRefresh(
  tx: Tx | Db,
  merchantId: string,
  inScope: (column: SQL) => SQL,
): Promise<MetricsRefresh> {
  const result = await tx.execute(sql`
    with scoped_orders as (
      select o.customer_id, o.id, o.placed_at, o.store_id, o.total, o.refunded_amount, o.discount
        from orders o
       where o.merchant_id = ${merchantId} and o.status <> 'cancelled' and ${inScope(sql`o.customer_id`)}
    ),
    ${netLinesSql(merchantId)},
    categories as (
      select customer_id, category, count(distinct order_id)::int as order_count,
             sum(net - refunded_amount)::bigint as spent,
             min(placed_at) as first_order_at, max(placed_at) as last_order_at
        from net_lines
       where category is not null
       group by customer_id, category
    ),
    totals as (
      select customer_id, min(placed_at) as first_order_at, max(placed_at) as last_order_at,
             count(*)::int as order_count, sum(total)::bigint as total_spent,
             sum(refunded_amount)::bigint as refunded_amount, count(distinct store_id)::int as stores_visited
        from scoped_orders
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
             t.stores_visited, f.category, now()
        from totals t left join favourites f on f.customer_id = t.customer_id
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
         and not exists (select 1 from totals t where t.customer_id = m.customer_id)
      returning 1
    ),
    written_categories as (
      insert into customer_category_metrics as c (merchant_id, customer_id, category, order_count, spent,
        first_order_at, last_order_at)
      select ${merchantId}, customer_id, category, order_count, spent, first_order_at, last_order_at
        from categories
      on conflict (merchant_id, customer_id, category) do update set
        order_count = excluded.order_count, spent = excluded.spent,
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at
      where (c.order_count, c.spent, c.first_order_at, c.last_order_at)
            is distinct from (excluded.order_count, excluded.spent, excluded.first_order_at, excluded.last_order_at)
      returning 1
    ),
    removed_categories as (
      delete from customer_category_metrics c
       where c.merchant_id = ${merchantId} and ${inScope(sql`c.customer_id`)}
         and not exists (select 1 from categories k where k.customer_id = c.customer_id and k.category = c.category)
      returning 1
    ),
    removed_rfm as (
      delete from customer_rfm r
       where r.merchant_id = ${merchantId} and ${inScope(sql`r.customer_id`)}
         and not exists (select 1 from totals t where t.customer_id = r.customer_id)
      returning 1
    )
    select (select count(*) from written)::int + (select count(*) from written_categories)::int as written,
           (select count(*) from removed)::int + (select count(*) from removed_categories)::int
             + (select count(*) from removed_rfm)::int as removed`);
  const [row] = (result as unknown as { rows: MetricsRefresh[] }).rows;
  return { written: Number(row?.written ?? 0), removed: Number(row?.removed ?? 0) };
}

/**
 * Each line's share of its order after the order discount, split exactly as the orders module's
 * netLineAmounts does it (floating-point proportion, floor, leftover 分 to the largest remainders,
 * ties to the lower line number), because line refunds were computed from those same net amounts.
 */
function netLinesSql(merchantId: string): SQL {
  return sql`lines as (
      select so.customer_id, so.id as order_id, so.placed_at, so.discount, li.line_no, li.category, li.total,
             li.refunded_amount, sum(li.total) over (partition by li.order_id) as subtotal
        from scoped_orders so
        join order_items li on li.merchant_id = ${merchantId} and li.order_id = so.id
    ),
    shares as (
      select l.*,
             case when l.discount = 0 or l.subtotal = 0 then 0::float8
                  else l.total::float8 * l.discount::float8 / l.subtotal::float8 end as exact
        from lines l
    ),
    net_lines as (
      select s.customer_id, s.order_id, s.placed_at, s.category, s.refunded_amount,
             s.total - floor(s.exact)::bigint
               - case when row_number() over (partition by s.order_id order by s.exact - floor(s.exact) desc, s.line_no)
                           <= s.discount - sum(floor(s.exact)::bigint) over (partition by s.order_id)
                      then 1 else 0 end as net
        from shares s
    )`;
}
