import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import type { Period } from "../orders/order-figures.js";

/** Customers on the books at the end of the period, and new ones per local day (by when they joined). */
export async function customerFigures(tx: Tx, merchantId: string, period: Period) {
  const [total] = (
    (await tx.execute(sql`
      select count(*)::int as n from customers
       where merchant_id = ${merchantId} and merged_into_id is null
         and coalesce(joined_at, created_at) < ${period.to.toISOString()}`)) as unknown as {
      rows: { n: number }[];
    }
  ).rows;
  const daily = (await tx.execute(sql`
    select to_char(coalesce(joined_at, created_at) at time zone ${period.timeZone}, 'YYYY-MM-DD') as date,
           count(*)::int as new_customers
      from customers
     where merchant_id = ${merchantId} and merged_into_id is null
       and coalesce(joined_at, created_at) >= ${period.from.toISOString()}
       and coalesce(joined_at, created_at) < ${period.to.toISOString()}
     group by 1`)) as unknown as { rows: { date: string; new_customers: number }[] };
  return { total: total?.n ?? 0, newByDay: new Map(daily.rows.map((r) => [r.date, r.new_customers])) };
}
