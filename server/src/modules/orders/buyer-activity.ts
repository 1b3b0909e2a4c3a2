import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

/** Local days [firstDay, lastDay] (YYYY-MM-DD) in the shop's zone, and the instants bounding them. */
export type DayRange = { firstDay: string; lastDay: string; timeZone: string };

export type BuyerActivityDay = { date: string; activeBuyers: number; repeatBuyers: number };

/** Days before a day that its rolling window also covers: the window is the 30 local days ending on it. */
export const rollingWindowDays = 30;

/**
 * For each local day d of the range: customers with an order in the 30 local days ending on d
 * (active buyers), and those with two or more orders in those days (repeat buyers); cancelled
 * orders and orders without a customer do not count.
 *
 * Set-based, one range scan of the orders placed from 29 days before the range to its end: every
 * order covers the days [its day, its day + 29] for "active"; every pair of a customer's consecutive
 * orders (a, b) covers [b, a + 29] for "repeat". Both kinds of span start and end in ascending order
 * per customer, so a span opens an island when it starts after the previous one ended, and closes
 * it when the next one starts later than the day after it. Each island adds +1 on its first day and
 * −1 on the day after its last; summing those differences day by day gives the counts, so the work
 * is one sort of the orders in the range, whatever its length.
 */
export async function buyerActivityByDay(tx: Tx, merchantId: string, range: DayRange) {
  const w = rollingWindowDays - 1;
  const zone = range.timeZone;
  const rows = rowsOf<{ kind: "a" | "r"; day: string; delta: number }>(
    await tx.execute(sql`
    with order_days as (
      select customer_id, (placed_at at time zone ${zone})::date as day
        from orders
       where merchant_id = ${merchantId} and status <> 'cancelled' and customer_id is not null
         and placed_at >= ((${range.firstDay}::date - ${w}::int)::timestamp at time zone ${zone})
         and placed_at < ((${range.lastDay}::date + 1)::timestamp at time zone ${zone})
    ),
    spans as (
      select customer_id, 'a' as kind, day as s, day + ${w}::int as e from order_days
      union all
      select customer_id, 'r', day, prev + ${w}::int
        from (select customer_id, day, lag(day) over (partition by customer_id order by day) as prev
                from order_days) paired
       where prev + ${w}::int >= day
    ),
    edges as (
      select kind, s, e,
             lag(e) over per_customer as prev_e,
             lead(s) over per_customer as next_s
        from spans
      window per_customer as (partition by customer_id, kind order by s, e)
    ),
    deltas as (
      select kind, s as day, 1 as delta from edges where prev_e is null or s > prev_e + 1
      union all
      select kind, e + 1, -1 from edges where next_s is null or next_s > e + 1
    )
    select kind, greatest(day, ${range.firstDay}::date)::text as day, sum(delta)::int as delta
      from deltas
     where day <= ${range.lastDay}::date
     group by 1, 2`),
  );
  const deltas = new Map(rows.map((r) => [`${r.kind}${r.day}`, Number(r.delta)]));
  const days: BuyerActivityDay[] = [];
  let active = 0;
  let repeat = 0;
  for (const date of localDays(range.firstDay, range.lastDay)) {
    active += deltas.get(`a${date}`) ?? 0;
    repeat += deltas.get(`r${date}`) ?? 0;
    days.push({ date, activeBuyers: active, repeatBuyers: repeat });
  }
  return days;
}

function localDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
