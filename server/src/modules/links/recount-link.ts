import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { classifyHit } from "./classify-hit.js";

const chunk = 5000;

/**
 * Rebuilds one link's rollups from its raw hits: first re-applies today's bot rules to every raw
 * row (device, OS, browser and bot flag from the stored user agent and method), then recounts
 * daily counters, dimensions, unique visitor-hours and first customer clicks. Run it when the
 * bot rules change; it takes the link's rollups offline only inside its own transaction.
 */
export async function recountLinkStats(tx: Tx, merchantId: string, linkId: string, timeZone: string) {
  let after = "";
  let reclassified = 0;
  for (;;) {
    const rows = rowsOf<{
      id: string;
      user_agent: string | null;
      method: string;
      is_bot: boolean;
      device: string;
      os: string;
      browser: string;
    }>(
      await tx.execute(sql`select id, user_agent, method, is_bot, device, os, browser from short_link_clicks
        where merchant_id = ${merchantId} and link_id = ${linkId} and id > ${after} order by id limit ${chunk}`),
    );
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    const changed = rows
      .map((r) => ({ r, c: classifyHit(r.user_agent, r.method) }))
      .filter(
        ({ r, c }) =>
          r.is_bot !== c.isBot || r.device !== c.device || r.os !== c.os || r.browser !== c.browser,
      )
      .map(({ r, c }) => ({ id: r.id, is_bot: c.isBot, device: c.device, os: c.os, browser: c.browser }));
    if (changed.length) {
      reclassified += changed.length;
      await tx.execute(sql`update short_link_clicks c set is_bot = v.is_bot, device = v.device, os = v.os, browser = v.browser
        from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as v(id text, is_bot boolean, device text, os text, browser text)
        where c.merchant_id = ${merchantId} and c.id = v.id`);
    }
  }
  const link = sql`merchant_id = ${merchantId} and link_id = ${linkId}`;
  for (const table of [
    "short_link_daily",
    "short_link_daily_dimensions",
    "short_link_visitor_hours",
    "short_link_customers",
  ]) {
    await tx.execute(sql`delete from ${sql.identifier(table)} where ${link}`);
  }
  const local = sql`(at at time zone ${timeZone})::date`;
  await tx.execute(sql`insert into short_link_visitor_hours (merchant_id, link_id, hour, visitor, day)
    select distinct on (2, 3, 4) merchant_id, link_id, date_trunc('hour', at at time zone 'UTC') at time zone 'UTC',
           visitor, ${local}
      from short_link_clicks where ${link} and not is_bot order by 2, 3, 4, at`);
  await tx.execute(sql`insert into short_link_daily (merchant_id, link_id, day, hits, clicks, scans, human, bots, unique_visitors)
    select ${merchantId}::uuid, ${linkId}::uuid, d.day, coalesce(h.hits, 0), coalesce(h.clicks, 0), coalesce(h.scans, 0),
           coalesce(h.human, 0), coalesce(h.bots, 0), coalesce(u.n, 0)
      from (select distinct ${local} as day from short_link_clicks where ${link}) d
      left join (select ${local} as day, count(*) as hits, count(*) filter (where kind = 'click') as clicks,
                        count(*) filter (where kind = 'scan') as scans, count(*) filter (where not is_bot) as human,
                        count(*) filter (where is_bot) as bots
                   from short_link_clicks where ${link} group by 1) h using (day)
      left join (select day, count(*) as n from short_link_visitor_hours where ${link} group by day) u using (day)`);
  await tx.execute(sql`insert into short_link_daily_dimensions (merchant_id, link_id, day, dimension, value, hits)
    select merchant_id, link_id, ${local}, v.dimension, v.value, count(*)
      from short_link_clicks cross join lateral (values ('device', device), ('os', os), ('browser', browser),
        ('referrer', coalesce(referrer_host, '(direct)'))) as v(dimension, value)
     where ${link} and not is_bot group by 1, 2, 3, 4, 5`);
  await tx.execute(sql`insert into short_link_customers (merchant_id, link_id, customer_id, first_click_id, first_clicked_at)
    select distinct on (customer_id) merchant_id, link_id, customer_id, id, at from short_link_clicks
     where ${link} and customer_id is not null and not is_bot order by customer_id, at`);
  return { reclassified };
}
