import type { CouponReportRow } from "../../../../shared/api-types";
import { bucketLabels } from "../../dashboard/chart-buckets";

export type ReportDay = { date: string; issued: number; redeemed: number; discount: number; gmv: number };

const dayMs = 86_400_000;

/** Every date from `from` to `to` inclusive (YYYY-MM-DD, calendar dates with no zone). */
export function datesBetween(from: string, to: string): string[] {
  const first = Date.parse(`${from}T00:00:00Z`);
  const last = Date.parse(`${to}T00:00:00Z`);
  const dates: string[] = [];
  for (let day = first; day <= last; day += dayMs) dates.push(new Date(day).toISOString().slice(0, 10));
  return dates;
}

/**
 * The report's day rows (keyed by local date; the server leaves out days with nothing) as one entry per
 * day of the period, zeros where nothing happened, so the chart's axis is the calendar.
 */
export function fillDays(rows: readonly CouponReportRow[], from: string, to: string): ReportDay[] {
  const byDate = new Map(rows.map((row) => [row.key, row]));
  return datesBetween(from, to).map((date) => {
    const row = byDate.get(date);
    return {
      date,
      issued: row?.issued ?? 0,
      redeemed: row?.redeemed ?? 0,
      discount: row?.discount ?? 0,
      gmv: row?.gmv ?? 0,
    };
  });
}

export type ReportBucket = Omit<ReportDay, "date"> & { label: string };

/** Days summed into the dashboard's chart buckets: single days up to two months, then weeks, then months. */
export function bucketDays(days: readonly ReportDay[]): ReportBucket[] {
  const labels = bucketLabels(days.map((day) => day.date));
  const buckets: ReportBucket[] = [];
  days.forEach((day, index) => {
    const label = labels[index] ?? "";
    let bucket = buckets.at(-1);
    if (!bucket || bucket.label !== label) {
      bucket = { label, issued: 0, redeemed: 0, discount: 0, gmv: 0 };
      buckets.push(bucket);
    }
    bucket.issued += day.issued;
    bucket.redeemed += day.redeemed;
    bucket.discount += day.discount;
    bucket.gmv += day.gmv;
  });
  return buckets;
}
