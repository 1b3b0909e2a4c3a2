import { type SQL, sql } from "drizzle-orm";
import { useBulkWorkMem } from "../../db/bulk-memory.js";
import type { Tx } from "../../db/tenant.js";
import { rfmClassOf } from "./rfm-rules.js";
import type { InsightSettings } from "./schemas.js";
import { type RfmClass, type RfmCutoffs, rfmClasses } from "./tables.js";

export type RfmRun = {
  asOf: string | null;
  windowDays: number | null;
  customers: number;
  classes: Record<RfmClass, number>;
};

type RfmInput = { timeZone: string; settings: InsightSettings["rfm"]; now: Date };

/**
 * Recomputes customer_rfm for every customer of the merchant with an order up to the as-of date,
 * in one statement. Recency counts whole local days from the last order to the as-of date; the
 * window is the windowDays local days ending on the as-of date (null = all time). Customers with
 * no order in the window keep a row (frequency and monetary 0): they are the ones slipping away.
 * Rows whose values did not change are not rewritten (a second run the same day writes nothing).
 */
export async function computeRfm(tx: Tx, merchantId: string, input: RfmInput): Promise<RfmRun> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('insight-rfm:' || ${merchantId}, 0))`);
  await useBulkWorkMem(tx);
  const asOf = await resolveAsOf(tx, merchantId, input);
  const classes = Object.fromEntries(rfmClasses.map((c) => [c, 0])) as Record<RfmClass, number>;
  if (!asOf) {
    await tx.execute(sql`delete from customer_rfm where merchant_id = ${merchantId}`);
    return { asOf: null, windowDays: input.settings.windowDays, customers: 0, classes };
  }
  const { timeZone, settings } = input;
  const asOfEnd = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone})`;
  const inWindow =
    settings.windowDays === null
      ? sql`true`
      : sql`o.placed_at >= ((${asOf}::date - ${settings.windowDays}::int + 1)::timestamp at time zone ${timeZone})`;
  const result = await tx.execute(sql`
    with base as (
      select o.customer_id,
             ${asOf}::date - (max(o.placed_at) at time zone ${timeZone})::date as recency_days,
             (count(*) filter (where ${inWindow}))::int as frequency,
             coalesce(sum(o.total - o.refunded_amount) filter (where ${inWindow}), 0)::bigint as monetary
        from orders o
       where o.merchant_id = ${merchantId} and o.status <> 'cancelled' and o.customer_id is not null
         and o.placed_at < ${asOfEnd}
       group by o.customer_id
    ),
    scored as (
      select b.*, count(*) over () as n, ${scoreSql(settings)}
        from base b
    ),
    classed as (
      select s.*,
             s.r_score * s.n > sum(s.r_score) over () as r_high,
             s.f_score * s.n > sum(s.f_score) over () as f_high,
             s.m_score * s.n > sum(s.m_score) over () as m_high
        from scored s
    ),
    final as (select c.*, ${classSql()} as rfm_class from classed c),
    removed as (
      delete from customer_rfm r
       where r.merchant_id = ${merchantId} and not exists (select 1 from base b where b.customer_id = r.customer_id)
      returning 1
    ),
    written as (
      insert into customer_rfm as r (merchant_id, customer_id, as_of, window_days, recency_days, frequency, monetary,
        r_score, f_score, m_score, rfm_class, computed_at)
      select ${merchantId}, c.customer_id, ${asOf}::date, ${settings.windowDays}::int, c.recency_days, c.frequency,
             c.monetary, c.r_score, c.f_score, c.m_score, c.rfm_class, now()
        from final c
      on conflict (merchant_id, customer_id) do update set
        as_of = excluded.as_of, window_days = excluded.window_days, recency_days = excluded.recency_days,
        frequency = excluded.frequency, monetary = excluded.monetary, r_score = excluded.r_score,
        f_score = excluded.f_score, m_score = excluded.m_score, rfm_class = excluded.rfm_class,
        computed_at = excluded.computed_at
      where (r.as_of, r.window_days, r.recency_days, r.frequency, r.monetary, r.r_score, r.f_score, r.m_score,
             r.rfm_class)
            is distinct from (excluded.as_of, excluded.window_days, excluded.recency_days, excluded.frequency,
             excluded.monetary, excluded.r_score, excluded.f_score, excluded.m_score, excluded.rfm_class)
      returning 1
    )
    select rfm_class, count(*)::int as customers, (select count(*) from written)::int as rewritten,
           (select count(*) from removed)::int as removed
      from final group by rfm_class`);
  let customers = 0;
  for (const row of (result as unknown as { rows: { rfm_class: RfmClass; customers: number }[] }).rows) {
    classes[row.rfm_class] = Number(row.customers);
    customers += Number(row.customers);
  }
  return { asOf, windowDays: settings.windowDays, customers, classes };
}

async function resolveAsOf(tx: Tx, merchantId: string, { timeZone, settings, now }: RfmInput) {
  if (settings.referenceMode === "fixed" && settings.referenceDate) return settings.referenceDate;
  const query =
    settings.referenceMode === "after_last_order"
      ? sql`select ((max(placed_at) at time zone ${timeZone})::date + 1)::text as as_of from orders
             where merchant_id = ${merchantId} and status <> 'cancelled' and customer_id is not null`
      : sql`select ((${now.toISOString()}::timestamptz at time zone ${timeZone})::date)::text as as_of`;
  const [row] = (
    (await tx.execute(query)) as unknown as {
      rows: { as_of: string | null }[];
    }
  ).rows;
  return row?.as_of ?? null;
}

/**
 * Quintiles: 1 + floor(5 × (rank − 1) / n) with rank() over the worst-first order, so ties share a
 * score (see scoreQuintile). Cut-offs: the merchant's thresholds (see RfmCutoffs).
 */
function scoreSql(settings: InsightSettings["rfm"]): SQL {
  if (settings.scoringMode === "cutoffs" && settings.cutoffs) {
    const c: RfmCutoffs = settings.cutoffs;
    const atMost = (column: SQL, t: RfmCutoffs["recency"]) =>
      sql`case when ${column} <= ${t[0]}::bigint then 5 when ${column} <= ${t[1]}::bigint then 4
               when ${column} <= ${t[2]}::bigint then 3 when ${column} <= ${t[3]}::bigint then 2 else 1 end`;
    const atLeast = (column: SQL, t: RfmCutoffs["frequency"]) =>
      sql`case when ${column} >= ${t[3]}::bigint then 5 when ${column} >= ${t[2]}::bigint then 4
               when ${column} >= ${t[1]}::bigint then 3 when ${column} >= ${t[0]}::bigint then 2 else 1 end`;
    return sql`${atMost(sql`b.recency_days`, c.recency)} as r_score,
               ${atLeast(sql`b.frequency`, c.frequency)} as f_score,
               ${atLeast(sql`b.monetary`, c.monetary)} as m_score`;
  }
  const quintile = (order: SQL) => sql`1 + (5 * (rank() over (order by ${order}) - 1)) / count(*) over ()`;
  return sql`${quintile(sql`b.recency_days desc`)} as r_score,
             ${quintile(sql`b.frequency`)} as f_score,
             ${quintile(sql`b.monetary`)} as m_score`;
}

function classSql(): SQL {
  const flags = [true, false];
  const branches = flags.flatMap((r) =>
    flags.flatMap((f) =>
      flags.map(
        (m) =>
          sql`when c.r_high = ${sql.raw(String(r))} and c.f_high = ${sql.raw(String(f))} and c.m_high = ${sql.raw(String(m))} then ${rfmClassOf(r, f, m)}`,
      ),
    ),
  );
  return sql`case ${sql.join(branches, sql` `)} end`;
}
