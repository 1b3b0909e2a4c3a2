import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withSystem } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

/** One hit as buffered: the raw row plus its local day and hour bucket for the rollups. */
export type ClickRow = {
  merchant_id: string;
  id: string;
  link_id: string;
  at: string;
  /** YYYY-MM-DD in the merchant's time zone. */
  day: string;
  /** The start of the UTC hour: a visitor counts once per link per hour. */
  hour: string;
  kind: "click" | "scan";
  method: string;
  referrer: string | null;
  referrer_host: string | null;
  user_agent: string | null;
  device: string;
  os: string;
  browser: string;
  is_bot: boolean;
  visitor: string;
  customer_id: string | null;
};

/**
 * Writes a batch of hits and counts them into the rollups in one statement: raw rows, new
 * visitor-hours (a new one is a unique visitor), daily counters, daily dimension counters and
 * first clicks of known customers. Counting only the raw rows actually inserted makes a retried
 * batch count nothing twice; keys are upserted in a fixed order so two processes do not deadlock.
 */
export async function insertClicksWithRollups(tx: Tx, rows: ClickRow[]): Promise<number> {
  const [result] = rowsOf<{ written: number }>(
    await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        merchant_id uuid, id text, link_id uuid, at timestamptz, day date, hour timestamptz, kind text,
        method text, referrer text, referrer_host text, user_agent text, device text, os text, browser text,
        is_bot boolean, visitor text, customer_id uuid)
    ),
    raw as (
      insert into short_link_clicks (merchant_id, id, link_id, at, kind, method, referrer, referrer_host,
        user_agent, device, os, browser, is_bot, visitor, customer_id)
      select merchant_id, id, link_id, at, kind, method, referrer, referrer_host, user_agent, device, os,
        browser, is_bot, visitor, customer_id from input
      on conflict do nothing
      returning merchant_id, id
    ),
    written as (select i.* from raw join input i using (merchant_id, id)),
    fresh_visitors as (
      insert into short_link_visitor_hours (merchant_id, link_id, hour, visitor, day)
      select distinct on (merchant_id, link_id, hour, visitor) merchant_id, link_id, hour, visitor, day
        from written where not is_bot
       order by merchant_id, link_id, hour, visitor, at
      on conflict do nothing
      returning merchant_id, link_id, day
    ),
    daily as (
      insert into short_link_daily as d (merchant_id, link_id, day, hits, clicks, scans, human, bots, unique_visitors)
      select merchant_id, link_id, day, sum(hits), sum(clicks), sum(scans), sum(human), sum(bots), sum(uniq)
        from (
          select merchant_id, link_id, day, 1 as hits, (kind = 'click')::int as clicks, (kind = 'scan')::int as scans,
                 (not is_bot)::int as human, is_bot::int as bots, 0 as uniq
            from written
          union all
          select merchant_id, link_id, day, 0, 0, 0, 0, 0, 1 from fresh_visitors
        ) counted
       group by 1, 2, 3 order by 1, 2, 3
      on conflict (merchant_id, link_id, day) do update set
        hits = d.hits + excluded.hits, clicks = d.clicks + excluded.clicks, scans = d.scans + excluded.scans,
        human = d.human + excluded.human, bots = d.bots + excluded.bots,
        unique_visitors = d.unique_visitors + excluded.unique_visitors
      returning 1
    ),
    dimensions as (
      insert into short_link_daily_dimensions as d (merchant_id, link_id, day, dimension, value, hits)
      select w.merchant_id, w.link_id, w.day, v.dimension, v.value, count(*)
        from written w
        cross join lateral (values ('device', w.device), ('os', w.os), ('browser', w.browser),
          ('referrer', coalesce(w.referrer_host, '(direct)'))) as v(dimension, value)
       where not w.is_bot
       group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict (merchant_id, link_id, day, dimension, value) do update set hits = d.hits + excluded.hits
      returning 1
    ),
    customers as (
      insert into short_link_customers (merchant_id, link_id, customer_id, first_click_id, first_clicked_at)
      select distinct on (merchant_id, link_id, customer_id) merchant_id, link_id, customer_id, id, at
        from written where customer_id is not null and not is_bot
       order by merchant_id, link_id, customer_id, at
      on conflict do nothing
      returning 1
    )
    select (select count(*) from raw)::int as written,
           (select count(*) from daily)::int + (select count(*) from dimensions)::int
             + (select count(*) from customers)::int as touched`),
  );
  return result?.written ?? 0;
}

/** The flusher's write: a system transaction, since one batch holds many shops' hits. */
export function writeClicks(database: Database, rows: ClickRow[]): Promise<number> {
  return withSystem(database, (tx) => insertClicksWithRollups(tx, rows));
}
