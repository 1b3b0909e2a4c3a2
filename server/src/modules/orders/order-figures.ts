import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";

/** A half-open time range [from, to) and the zone its days are counted in. */
export type Period = { from: Date; to: Date; timeZone: string };

type Rows<T> = { rows: T[] };

/** Orders and GMV per local day, plus repurchase among the period's buyers (cancelled orders excluded). */
export async function orderFigures(tx: Tx, merchantId: string, period: Period) {
  const daily = (await tx.execute(sql`
    select to_char(placed_at at time zone ${period.timeZone}, 'YYYY-MM-DD') as date,
           count(*)::int as orders, coalesce(sum(total), 0)::bigint as gmv,
           coalesce(sum(refunded_amount), 0)::bigint as refunded
      from orders
     where merchant_id = ${merchantId} and status <> 'cancelled'
       and placed_at >= ${period.from.toISOString()} and placed_at < ${period.to.toISOString()}
     group by 1 order by 1`)) as unknown as Rows<{
    date: string;
    orders: number;
    gmv: number;
    refunded: number;
  }>;
  const [buyers] = (
    (await tx.execute(sql`
    select count(*)::int as buyers, count(*) filter (where n >= 2)::int as repeat_buyers
      from (select customer_id, count(*) as n from orders
             where merchant_id = ${merchantId} and status <> 'cancelled' and customer_id is not null
               and placed_at >= ${period.from.toISOString()} and placed_at < ${period.to.toISOString()}
             group by customer_id) per_customer`)) as unknown as Rows<{
      buyers: number;
      repeat_buyers: number;
    }>
  ).rows;
  return {
    daily: daily.rows.map((r) => ({ ...r, gmv: Number(r.gmv), refunded: Number(r.refunded) })),
    buyers: buyers?.buyers ?? 0,
    repeatBuyers: buyers?.repeat_buyers ?? 0,
  };
}

/** The period's best-selling categories by line revenue. */
export async function topCategories(tx: Tx, merchantId: string, period: Period, limit = 8) {
  const result = (await tx.execute(sql`
    select coalesce(i.category, '') as category, count(distinct i.order_id)::int as orders,
           coalesce(sum(i.total), 0)::bigint as gmv
      from order_items i
      join orders o on o.merchant_id = i.merchant_id and o.id = i.order_id
     where o.merchant_id = ${merchantId} and o.status <> 'cancelled'
       and o.placed_at >= ${period.from.toISOString()} and o.placed_at < ${period.to.toISOString()}
     group by 1 order by 3 desc limit ${limit}`)) as unknown as Rows<{
    category: string;
    orders: number;
    gmv: number;
  }>;
  return result.rows.map((r) => ({ category: r.category || null, orders: r.orders, gmv: Number(r.gmv) }));
}
