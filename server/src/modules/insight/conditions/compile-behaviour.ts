import { type SQL, sql } from "drizzle-orm";
import { compileCategoryCount } from "./compile-category-count.js";
import { type CompileEnv, scopedTo } from "./compile-context.js";
import { addDays, startOfLocalDay } from "./local-days.js";
import type {
  Comparison,
  EventCondition,
  PurchaseCondition,
  TagCondition,
  TimeWindow,
} from "./rule-types.js";

type Aggregate = { expression: SQL; comparison: Comparison };

/**
 * "Bought 水果 at least 3 times in 90 days": orders (not cancelled) of the customer, optionally
 * narrowed to lines of a category or SKU and to a store, counted as distinct orders; spend is the
 * order totals (or, with a line filter, the line totals) less what was refunded.
 */
export function compilePurchase(leaf: PurchaseCondition, env: CompileEnv): SQL {
  const { category, sku, storeId } = leaf.purchased;
  const byLine = category !== undefined || sku !== undefined;
  const filters: SQL[] = [
    sql`o.merchant_id = ${env.merchantId}`,
    sql`o.customer_id is not null`,
    sql`o.status <> 'cancelled'`,
  ];
  const since = windowStart(leaf.within, env);
  if (since) filters.push(sql`o.placed_at >= ${since}`);
  if (storeId) filters.push(sql`o.store_id = ${storeId}::uuid`);
  if (env.scope) filters.push(sql`o.customer_id = any(${env.scope}::uuid[])`);
  const lineFilters: SQL[] = [sql`i.merchant_id = o.merchant_id`, sql`i.order_id = o.id`];
  if (category !== undefined) lineFilters.push(sql`i.category in (${textList(category)})`);
  if (sku !== undefined) lineFilters.push(sql`i.sku in (${textList(sku)})`);
  const lineWhere = sql.join(lineFilters, sql` and `);
  const aggregates: Aggregate[] = [];
  if (leaf.count) aggregates.push({ expression: sql`count(*)`, comparison: leaf.count });
  if (leaf.spend) aggregates.push({ expression: sql`sum(o.spend)`, comparison: leaf.spend });
  let from: SQL;
  if (!byLine) {
    from = sql`(select o.customer_id, o.total - o.refunded_amount as spend from orders o
      where ${sql.join(filters, sql` and `)}) o`;
  } else if (!leaf.spend) {
    // Counting orders needs only "has a matching line": a semi-join, no DISTINCT over lines.
    from = sql`(select o.customer_id from orders o
      where ${sql.join(filters, sql` and `)} and exists (select 1 from order_items i where ${lineWhere})) o`;
  } else {
    from = sql`(select o.customer_id, sum(i.total - i.refunded_amount) as spend
      from orders o join order_items i on ${lineWhere}
      where ${sql.join(filters, sql` and `)} group by o.customer_id, o.id) o`;
  }
  if (aggregates.length === 0)
    aggregates.push({ expression: sql`count(*)`, comparison: { op: "gte", value: 1 } });
  const single = Array.isArray(category) ? (category.length === 1 ? category[0] : undefined) : category;
  if (single !== undefined && sku === undefined && !storeId && !leaf.spend) {
    const comparison = leaf.count ?? { op: "gte", value: 1 };
    const ordersDecide = decidingGroup(from, sql`true`, sql`o.customer_id`, [
      { expression: sql`count(*)`, comparison },
    ]);
    const cached = compileCategoryCount(
      single,
      comparison,
      since,
      env,
      ordersDecide,
      holdsFor(0, comparison),
    );
    if (cached) return cached;
  }
  return compileAggregate(from, sql`true`, sql`o.customer_id`, aggregates);
}

/** "Logged in at least 5 times in 30 days": rows of the events table of that type. */
export function compileEvent(leaf: EventCondition, env: CompileEnv): SQL {
  const filters: SQL[] = [
    sql`e.merchant_id = ${env.merchantId}`,
    sql`e.type = ${leaf.event}`,
    sql`e.customer_id is not null`,
  ];
  const since = windowStart(leaf.within, env);
  if (since) filters.push(sql`e.occurred_at >= ${since}`);
  if (env.scope) filters.push(sql`e.customer_id = any(${env.scope}::uuid[])`);
  const comparison = leaf.count ?? { op: "gte", value: 1 };
  return compileAggregate(sql`events e`, sql.join(filters, sql` and `), sql`e.customer_id`, [
    { expression: sql`count(*)`, comparison },
  ]);
}

export function compileTag(leaf: TagCondition, env: CompileEnv): SQL {
  const has = sql`exists (select 1 from customer_tags ct
    where ct.merchant_id = ${env.merchantId} and ct.customer_id = c.id ${scopedTo(sql`ct.customer_id`, env)}
      and ct.tag_id = ${leaf.tag}::uuid)`;
  return leaf.op === "has" ? has : sql`not ${has}`;
}

function windowStart(window: TimeWindow | undefined, env: CompileEnv): SQL | null {
  if (!window) return null;
  const start = startOfLocalDay(addDays(env.today, 1 - window.days), env.timeZone);
  return sql`${start.toISOString()}::timestamptz`;
}

const textList = (value: string | string[]) =>
  sql.join(
    (Array.isArray(value) ? value : [value]).map((v) => sql`${v}::text`),
    sql`, `,
  );

/**
 * Customers whose aggregate passes. When zero passes too (`count lt 2`, `count eq 0`), customers
 * with no rows at all match, so the test is inverted into NOT EXISTS over the customers that fail.
 * Both shapes are uncorrelated grouped subqueries the planner turns into one hashed (anti) join.
 */
function compileAggregate(from: SQL, where: SQL, customer: SQL, aggregates: Aggregate[]): SQL {
  const onlyExistence = aggregates.length === 1 && isAtLeastOne(aggregates[0]?.comparison as Comparison);
  if (onlyExistence) {
    return sql`exists (select 1 from ${from} where ${where} and ${customer} = c.id)`;
  }
  const zeroPasses = aggregates.every((a) => holdsFor(0, a.comparison));
  const found = decidingGroup(from, where, customer, aggregates)(sql`c.id`);
  return zeroPasses ? sql`not ${found}` : found;
}

/**
 * Whether `outer` is among the customers whose aggregate decides against the default: those that
 * pass when zero fails, those that fail when zero passes.
 */
function decidingGroup(from: SQL, where: SQL, customer: SQL, aggregates: Aggregate[]) {
  const passes = sql.join(
    aggregates.map((a) => compareAggregate(a.expression, a.comparison)),
    sql` and `,
  );
  const zeroPasses = aggregates.every((a) => holdsFor(0, a.comparison));
  const having = zeroPasses ? sql`not (${passes})` : passes;
  const grouped = sql`select ${customer} as customer_id from ${from} where ${where} group by ${customer} having ${having}`;
  return (outer: SQL) => sql`exists (select 1 from (${grouped}) g where g.customer_id = ${outer})`;
}

const isAtLeastOne = (c: Comparison) => (c.op === "gte" && c.value === 1) || (c.op === "gt" && c.value === 0);

const symbols = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function compareAggregate(expression: SQL, comparison: Comparison): SQL {
  if (comparison.op === "between") {
    const [from, to] = comparison.value as [number, number];
    return sql`${expression} between ${from}::bigint and ${to}::bigint`;
  }
  return sql`${expression} ${sql.raw(symbols[comparison.op])} ${comparison.value as number}::bigint`;
}

/** Whether a customer with no matching rows (aggregate 0) passes the comparison. */
export function holdsFor(n: number, comparison: Comparison): boolean {
  if (comparison.op === "between") {
    const [from, to] = comparison.value as [number, number];
    return n >= from && n <= to;
  }
  const v = comparison.value as number;
  switch (comparison.op) {
    case "eq":
      return n === v;
    case "ne":
      return n !== v;
    case "gt":
      return n > v;
    case "gte":
      return n >= v;
    case "lt":
      return n < v;
    case "lte":
      return n <= v;
  }
}
