import type { DashboardDay } from "../../../shared/api-types";

export type DayFigures = DashboardDay;
export type Bucket = { label: string; orders: number; gmv: number; newCustomers: number };

/**
 * Daily figures grouped for a readable chart: days up to two months, ISO-like weeks (starting on the
 * period's first day) up to half a year, calendar months beyond.
 */
export function bucketDaily(daily: DayFigures[]): Bucket[] {
  if (daily.length <= 62) {
    return daily.map(({ date, orders, gmv, newCustomers }) => ({
      label: date.slice(5),
      orders,
      gmv,
      newCustomers,
    }));
  }
  const byMonth = daily.length > 183;
  const buckets: Bucket[] = [];
  daily.forEach((day, index) => {
    const key = byMonth ? day.date.slice(0, 7) : weekLabel(daily, index);
    let bucket = buckets.at(-1);
    if (!bucket || bucket.label !== key) {
      bucket = { label: key, orders: 0, gmv: 0, newCustomers: 0 };
      buckets.push(bucket);
    }
    bucket.orders += day.orders;
    bucket.gmv += day.gmv;
    bucket.newCustomers += day.newCustomers;
  });
  return buckets;
}

function weekLabel(daily: DayFigures[], index: number): string {
  const first = daily[index - (index % 7)];
  return first ? first.date.slice(5) : "";
}
