import { sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { wallTimeToInstant } from "../../../lib/dates.js";
import { getMerchant } from "../../merchants/create-merchant.js";

export const reportGroupings = ["template", "campaign", "store", "day"] as const;
export type ReportGrouping = (typeof reportGroupings)[number];

export type CouponReportQuery = {
  /** Whole local days in the shop's time zone, inclusive. */
  from: string;
  to: string;
  groupBy: ReportGrouping;
  templateId?: string;
  storeId?: string;
};

export type CouponReportRow = {
  /** The template id, the campaign key, the store id ("" = no store) or the local date. */
  key: string;
  label: string;
  templateId: string | null;
  issued: number | null;
  claimed: number | null;
  redeemed: number;
  rolledBack: number;
  discount: number;
  gmv: number;
  redemptionRate: number | null;
  roi: number | null;
};

export type CouponReport = {
  from: string;
  to: string;
  timeZone: string;
  groupBy: ReportGrouping;
  rows: CouponReportRow[];
  totals: Omit<CouponReportRow, "key" | "label" | "templateId">;
};

const dayMs = 86_400_000;

function periodOf(query: CouponReportQuery, timeZone: string) {
  const first = Date.parse(`${query.from}T00:00:00Z`);
  const last = Date.parse(`${query.to}T00:00:00Z`);
  if (!(first <= last))
    throw new AppError("validation_failed", "from must not be after to", { field: "from" });
  if (last - first > 731 * dayMs) {
    throw new AppError("validation_failed", "The period can be at most two years", { field: "to" });
  }
  return {
    from: new Date(wallTimeToInstant(first, timeZone)).toISOString(),
    to: new Date(wallTimeToInstant(last + dayMs, timeZone)).toISOString(),
  };
}

/**
 * Which campaign issued a coupon: its code batch, its bulk issue to a segment (keyed
 * segment-issue:<run>:<customer>), or else its channel (manual, claim, trigger:…, mall).
 */
const campaignOf = sql.raw(`case when c.batch_id is not null then 'batch:' || c.batch_id
  when c.source = 'segment' then 'bulk:' || split_part(c.issue_key, ':', 2)
  else c.source end`);

/** The grouping key of a coupon row (alias c) and of a redemption row (alias r), per grouping. */
function keysOf(groupBy: ReportGrouping, timeZone: string) {
  const day = (column: string) => sql`to_char(${sql.raw(column)} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  switch (groupBy) {
    case "template":
      return { issued: sql`c.template_id::text`, used: sql`rc.template_id::text` };
    case "campaign":
      return { issued: campaignOf, used: campaignOf };
    case "store":
      return { issued: null, used: sql`coalesce(r.store_id::text, '')` };
    case "day":
      return { issued: day("c.issued_at"), used: day("r.redeemed_at") };
  }
}

type Figures = {
  key: string;
  template_id: string | null;
  issued: number | null;
  claimed: number | null;
  redeemed: number;
  rolled_back: number;
  discount: number;
  gmv: number;
};

function filtersOf(merchantId: string, query: CouponReportQuery, period: { from: string; to: string }) {
  return sql`rc.merchant_id = ${merchantId} and r.redeemed_at >= ${period.from}::timestamptz
    and r.redeemed_at < ${period.to}::timestamptz
    ${query.templateId ? sql`and rc.template_id = ${query.templateId}` : sql``}
    ${query.storeId ? sql`and r.store_id = ${query.storeId}` : sql``}`;
}

/** The GMV of the redemptions that used any of the coupons reported, each counted once. */
async function distinctGmv(
  database: Database,
  merchantId: string,
  query: CouponReportQuery,
  period: { from: string; to: string },
): Promise<number> {
  const [row] = await readAsMerchant(database, merchantId, async (tx) =>
    rowsOf<{ gmv: string | number }>(
      await tx.execute(sql`select coalesce(sum(r.total), 0) as gmv from coupon_redemptions r
        where r.merchant_id = ${merchantId} and r.status = 'redeemed' and exists (select 1 from coupon_redemption_coupons rc
          where rc.redemption_id = r.id and ${filtersOf(merchantId, query, period)})`),
    ),
  );
  return Number(row?.gmv ?? 0);
}

async function groupedFigures(
  database: Database,
  merchantId: string,
  query: CouponReportQuery,
  period: { from: string; to: string },
  timeZone: string,
) {
  const keys = keysOf(query.groupBy, timeZone);
  const template = query.templateId ? sql`and c.template_id = ${query.templateId}` : sql``;
  const issuedPart = keys.issued
    ? sql`select ${keys.issued} as key, min(c.template_id::text) as template_id, count(*)::int as issued,
          count(*) filter (where c.source = 'claim' or c.bound_at is not null)::int as claimed
        from coupons c
       where c.merchant_id = ${merchantId} and c.issued_at >= ${period.from}::timestamptz
         and c.issued_at < ${period.to}::timestamptz ${template}
       group by 1`
    : sql`select null::text as key, null::text as template_id, 0 as issued, 0 as claimed where false`;
  // A redemption's GMV counts once per group even when it used several of the group's coupons.
  return readAsMerchant(database, merchantId, async (tx) =>
    rowsOf<Figures>(
      await tx.execute(sql`with issued as (${issuedPart}),
        uses as (
          select ${keys.used} as key, min(rc.template_id::text) as template_id, r.id as redemption_id, r.status,
                 sum(rc.discount) as discount, max(r.total) as total, count(*) as coupons
            from coupon_redemption_coupons rc
            join coupon_redemptions r on r.merchant_id = rc.merchant_id and r.id = rc.redemption_id
            join coupons c on c.merchant_id = rc.merchant_id and c.id = rc.coupon_id
           where ${filtersOf(merchantId, query, period)}
           group by 1, r.id, r.status
        ),
        used as (
          select key, min(template_id) as template_id,
                 coalesce(sum(coupons) filter (where status = 'redeemed'), 0)::int as redeemed,
                 coalesce(sum(coupons) filter (where status = 'rolled_back'), 0)::int as rolled_back,
                 coalesce(sum(discount) filter (where status = 'redeemed'), 0)::bigint as discount,
                 coalesce(sum(total) filter (where status = 'redeemed'), 0)::bigint as gmv
            from uses group by key
        )
      select coalesce(i.key, u.key) as key, coalesce(i.template_id, u.template_id) as template_id,
             ${keys.issued ? sql`coalesce(i.issued, 0)` : sql`null::int`} as issued,
             ${keys.issued ? sql`coalesce(i.claimed, 0)` : sql`null::int`} as claimed,
             coalesce(u.redeemed, 0) as redeemed, coalesce(u.rolled_back, 0) as rolled_back,
             coalesce(u.discount, 0) as discount, coalesce(u.gmv, 0) as gmv
        from issued i full join used u on u.key = i.key
       order by 1`),
    ),
  );
}

type Labels = Map<string, string>;

async function labelsOf(database: Database, merchantId: string, groupBy: ReportGrouping): Promise<Labels> {
  if (groupBy === "day") return new Map();
  const statement =
    groupBy === "template"
      ? sql`select id::text as key, name as label from coupon_templates where merchant_id = ${merchantId}`
      : groupBy === "store"
        ? sql`select id::text as key, name as label from stores where merchant_id = ${merchantId}`
        : sql`select 'batch:' || b.id as key, b.name as label from coupon_batches b where b.merchant_id = ${merchantId}
            union all
            select 'bulk:' || u.id, coalesce(s.name, '') || ' · ' || to_char(u.created_at, 'YYYY-MM-DD HH24:MI')
              from coupon_bulk_issues u left join segments s on s.merchant_id = u.merchant_id and s.id = u.segment_id
             where u.merchant_id = ${merchantId}`;
  const rows = await readAsMerchant(database, merchantId, async (tx) =>
    rowsOf<{ key: string; label: string }>(await tx.execute(statement)),
  );
  return new Map(rows.map((r) => [r.key, r.label]));
}

const rate = (part: number, whole: number | null) =>
  whole ? Math.round((part / whole) * 10_000) / 10_000 : null;

function rowOf(figures: Figures, labels: Labels): CouponReportRow {
  const redeemed = Number(figures.redeemed);
  const discount = Number(figures.discount);
  const gmv = Number(figures.gmv);
  const issued = figures.issued === null ? null : Number(figures.issued);
  return {
    key: figures.key,
    label: labels.get(figures.key) ?? figures.key,
    templateId: figures.template_id,
    issued,
    claimed: figures.claimed === null ? null : Number(figures.claimed),
    redeemed,
    rolledBack: Number(figures.rolled_back),
    discount,
    gmv,
    redemptionRate: rate(redeemed, issued),
    roi: rate(gmv, discount),
  };
}

function totalsOf(rows: CouponReportRow[], groupBy: ReportGrouping, gmv: number): CouponReport["totals"] {
  const sum = (pick: (r: CouponReportRow) => number | null) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0);
  const issued = groupBy === "store" ? null : sum((r) => r.issued);
  const redeemed = sum((r) => r.redeemed);
  const discount = sum((r) => r.discount);
  return {
    issued,
    claimed: groupBy === "store" ? null : sum((r) => r.claimed),
    redeemed,
    rolledBack: sum((r) => r.rolledBack),
    discount,
    gmv,
    redemptionRate: rate(redeemed, issued),
    roi: rate(gmv, discount),
  };
}

/**
 * Coupon performance for whole local days: per template, campaign (code batch, bulk issue or
 * channel), store or day — coupons issued and claimed in the period, and the coupon uses of
 * redemptions made in it (redeemed, rolled back, discount given, GMV of the checkouts that used
 * them), with redemption rate = redeemed / issued and ROI = GMV / discount.
 */
export async function couponReport(
  database: Database,
  merchantId: string,
  query: CouponReportQuery,
): Promise<CouponReport> {
  const { timeZone } = await getMerchant(database, merchantId);
  const period = periodOf(query, timeZone);
  const figures = await groupedFigures(database, merchantId, query, period, timeZone);
  const labels = await labelsOf(database, merchantId, query.groupBy);
  const rows = figures.map((f) => rowOf(f, labels));
  // A checkout that used coupons of two templates counts in both rows' GMV, once in the total.
  const gmv = await distinctGmv(database, merchantId, query, period);
  return {
    from: query.from,
    to: query.to,
    timeZone,
    groupBy: query.groupBy,
    rows,
    totals: totalsOf(rows, query.groupBy, gmv),
  };
}
