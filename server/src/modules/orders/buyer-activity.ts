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
 * Set-based, one range scan of the orders placed from 29 days before the range to its end and one
 * sort by (customer, day): every order covers the days [its day, its day + 29] for "active"; every
 * pair of a customer's consecutive orders (a, b) covers [b, a + 29] for "repeat". Per customer both
 * kinds of span start and end in ascending order, so whether a span opens or closes a run of
 * covered days depends only on its neighbours (lag and lead of the order day): it adds +1 on the
 * first day of a run and −1 on the day after its last. Summing those differences day by day gives
 * the counts, so the work does not grow with the number of days.
 */
export async function buyerActivityByDay(tx: Tx, merchantId: string, range: DayRange) {
  const w = rollingWindowDays - 1;
  const zone = range.timeZone;
  const rows = rowsOf<{ kind: "a" | "r"; day: string; delta: number }>(
    await tx.execute(sql`
    with order_days as (
      select (placed_at at time zone ${zone})::date as day,
             lag((placed_at at time zone ${zone})::date) over per_customer as prev,
             lag((placed_at at time zone ${zone})::date, 2) over per_customer as prev2,
             lead((placed_at at time zone ${zone})::date) over per_customer as next
        from orders
       where merchant_id = ${merchantId} and status <> 'cancelled' and customer_id is not null
         and placed_at >= ((${range.firstDay}::date - ${w}::int)::timestamp at time zone ${zone})
         and placed_at < ((${range.lastDay}::date + 1)::timestamp at time zone ${zone})
      window per_customer as (partition by customer_id order by placed_at)
    ),
    deltas as (
      select e.kind, e.day, e.delta
        from order_days o
        cross join lateral (values
          -- active: this order's span [day, day + w] starts a run unless the previous one reaches it,
          ('a', case when o.prev is null or o.day > o.prev + ${w}::int then o.day end, 1),
          -- and ends one unless the next order starts within it.
          ('a', case when o.next is null or o.next > o.day + ${w}::int then o.day + ${w}::int + 1 end, -1),
          -- repeat: the pair (prev, day) spans [day, prev + w] when prev + w >= day; the pair before
          -- it ends at prev2 + w, the pair after it starts on next.
          ('r', case when o.prev + ${w}::int >= o.day and (o.prev2 is null or o.day > o.prev2 + ${w}::int)
                     then o.day end, 1),
          ('r', case when o.prev + ${w}::int >= o.day and (o.next is null or o.next > o.prev + ${w}::int)
                     then o.prev + ${w}::int + 1 end, -1)
        ) as e(kind, day, delta)
       where e.day is not null
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
