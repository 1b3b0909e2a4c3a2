import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { offsetAt } from "../../lib/dates.js";
import { ordersAfterTouches } from "../orders/orders-after-touch.js";
import type { LinkStats } from "./schemas.js";

export type StatsRange = { from?: string; to?: string; windowDays: number; timeZone: string; now: Date };

const localDay = (instant: number, timeZone: string) =>
  new Date(instant + offsetAt(instant, timeZone)).toISOString().slice(0, 10);

/**
 * A link's stats over local days [from, to], read from the rollups only (a few rows per day),
 * so a link with millions of clicks answers as fast as one with ten. Customers and orders cover
 * the whole life of the link.
 */
export async function getLinkStats(
  tx: Tx,
  merchantId: string,
  linkId: string,
  range: StatsRange,
): Promise<LinkStats> {
  const to = range.to ?? localDay(range.now.getTime(), range.timeZone);
  const from = range.from ?? localDay(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000, "UTC");
  const byDay = rowsOf<{
    day: string;
    hits: number;
    clicks: number;
    scans: number;
    human: number;
    bots: number;
    unique_visitors: number;
  }>(
    await tx.execute(sql`select to_char(day, 'YYYY-MM-DD') as day, hits, clicks, scans, human, bots, unique_visitors
      from short_link_daily
     where merchant_id = ${merchantId} and link_id = ${linkId} and day between ${from}::date and ${to}::date
     order by day`),
  );
  const dimensions = rowsOf<{ dimension: string; value: string; hits: number }>(
    await tx.execute(sql`select dimension, value, sum(hits)::int as hits from short_link_daily_dimensions
     where merchant_id = ${merchantId} and link_id = ${linkId} and day between ${from}::date and ${to}::date
     group by 1, 2 order by 3 desc, 2`),
  );
  const [reached] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from short_link_customers
     where merchant_id = ${merchantId} and link_id = ${linkId}`),
  );
  const orders = await ordersAfterTouches(
    tx,
    merchantId,
    sql`select customer_id, first_clicked_at as at from short_link_customers
         where merchant_id = ${merchantId} and link_id = ${linkId}`,
    range.windowDays,
  );
  const sum = (key: keyof (typeof byDay)[number]) => byDay.reduce((n, r) => n + Number(r[key]), 0);
  const top = (dimension: string, limit = 10) =>
    dimensions
      .filter((d) => d.dimension === dimension)
      .slice(0, limit)
      .map((d) => ({ value: d.value, hits: d.hits }));
  return {
    from,
    to,
    totals: {
      hits: sum("hits"),
      clicks: sum("clicks"),
      scans: sum("scans"),
      human: sum("human"),
      bots: sum("bots"),
      uniqueVisitors: sum("unique_visitors"),
    },
    byDay: byDay.map((r) => ({
      day: r.day,
      hits: r.hits,
      clicks: r.clicks,
      scans: r.scans,
      human: r.human,
      uniqueVisitors: r.unique_visitors,
    })),
    devices: top("device"),
    os: top("os"),
    browsers: top("browser"),
    referrers: top("referrer"),
    customersReached: reached?.n ?? 0,
    windowDays: range.windowDays,
    ...orders,
  };
}
