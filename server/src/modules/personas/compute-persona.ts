import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { genders } from "../customers/tables.js";
import { rfmClasses } from "../insight/tables.js";
import { ageBands, bandCaseSql, orderCountBands, spendBands } from "./persona-bands.js";

export type Slice = { key: string | null; count: number };
export type CategorySlice = { category: string; customers: number; orders: number; spent: number };

export type Persona = {
  customers: number;
  gender: Slice[];
  ageBands: Slice[];
  regions: Slice[];
  rfmClasses: Slice[];
  orderCounts: Slice[];
  spend: Slice[];
  categories: CategorySlice[];
};

const dimensions = ["gender", "province", "age_band", "rfm_class", "order_band", "spend_band"] as const;
type Dimension = (typeof dimensions)[number];

const ageCase = bandCaseSql("extract(year from age(p.today, c.birthday))", ageBands, true);
const orderCase = bandCaseSql("coalesce(m.order_count, 0)", orderCountBands, true);
const spendCase = bandCaseSql("coalesce(m.net_spent, 0)", spendBands, false);

/**
 * Distributions of a population (`select customer_id …`, live customers of the merchant) by
 * gender, age band on `today`, province, RFM class, lifetime order count and net spend, in one
 * scan with grouping sets; plus the categories they buy.
 */
export async function computePersona(
  tx: Tx,
  merchantId: string,
  population: SQL,
  today: string,
): Promise<Persona> {
  const base = sql`with population as (select distinct customer_id from (${population}) p),
    base as (
      select c.gender, c.province,
             case when c.birthday is null then null else ${sql.raw(ageCase)} end as age_band,
             r.rfm_class,
             ${sql.raw(orderCase)} as order_band,
             ${sql.raw(spendCase)} as spend_band
        from population pop
        cross join (select ${today}::date as today) p
        join customers c on c.merchant_id = ${merchantId} and c.id = pop.customer_id and c.merged_into_id is null
        left join customer_metrics m on m.merchant_id = c.merchant_id and m.customer_id = c.id
        left join customer_rfm r on r.merchant_id = c.merchant_id and r.customer_id = c.id)`;
  const grouped = await tx.execute(sql`${base}
    select ${sql.raw(dimensions.map((d) => `grouping(${d}) as g_${d}, ${d}`).join(", "))}, count(*)::int as n
      from base
     group by grouping sets (${sql.raw(dimensions.map((d) => `(${d})`).join(", "))}, ())`);
  const categories =
    await tx.execute(sql`with population as (select distinct customer_id from (${population}) p)
    select cc.category, count(*)::int as customers, sum(cc.order_count)::int as orders, sum(cc.spent)::bigint as spent
      from population pop
      join customers c on c.merchant_id = ${merchantId} and c.id = pop.customer_id and c.merged_into_id is null
      join customer_category_metrics cc on cc.merchant_id = c.merchant_id and cc.customer_id = c.id
     group by cc.category
     order by customers desc, spent desc, cc.category
     limit 20`);
  return assemblePersona(rowsOf<GroupedRow>(grouped), rowsOf<CategoryRow>(categories));
}

type GroupedRow = Record<`g_${Dimension}`, number> & Record<Dimension, string | null> & { n: number };
type CategoryRow = { category: string; customers: number; orders: number; spent: number | string };

function assemblePersona(rows: GroupedRow[], categories: CategoryRow[]): Persona {
  const counts = new Map<Dimension, Map<string | null, number>>(dimensions.map((d) => [d, new Map()]));
  let total = 0;
  for (const row of rows) {
    const dimension = dimensions.find((d) => Number(row[`g_${d}`]) === 0);
    if (dimension) counts.get(dimension)!.set(row[dimension], row.n);
    else total = row.n;
  }
  const fixed = (dimension: Dimension, keys: readonly string[]): Slice[] => {
    const found = counts.get(dimension)!;
    const slices = keys.map((key) => ({ key, count: found.get(key) ?? 0 }));
    return found.has(null) ? [...slices, { key: null, count: found.get(null)! }] : slices;
  };
  const regions = [...counts.get("province")!]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) =>
      a.key === null ? 1 : b.key === null ? -1 : b.count - a.count || a.key.localeCompare(b.key),
    );
  return {
    customers: total,
    gender: fixed("gender", genders),
    ageBands: fixed(
      "age_band",
      ageBands.map((b) => b.key),
    ),
    regions,
    rfmClasses: fixed("rfm_class", rfmClasses),
    orderCounts: fixed(
      "order_band",
      orderCountBands.map((b) => b.key),
    ),
    spend: fixed(
      "spend_band",
      spendBands.map((b) => b.key),
    ),
    categories: categories.map((c) => ({
      category: c.category,
      customers: c.customers,
      orders: c.orders,
      spent: Number(c.spent),
    })),
  };
}
