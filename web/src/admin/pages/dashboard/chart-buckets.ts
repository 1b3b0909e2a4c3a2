import type { DashboardDay } from "../../../shared/api-types";

export type DayFigures = Pick<DashboardDay, "date" | "orders" | "gmv" | "newCustomers">;
export type Bucket = { label: string; orders: number; gmv: number; newCustomers: number };

/**
 * The chart label of each day: the day itself up to two months, ISO-like weeks (starting on the
 * period's first day, labelled by it) up to half a year, calendar months beyond.
 */
export function bucketLabels(dates: readonly string[]): string[] {
  if (dates.length <= 62) return dates.map((date) => date.slice(5));
  if (dates.length > 183) return dates.map((date) => date.slice(0, 7));
  return dates.map((_, index) => (dates[index - (index % 7)] ?? "").slice(5));
}

/** Daily figures summed into readable chart buckets (see bucketLabels). */
export function bucketDaily(daily: DayFigures[]): Bucket[] {
  const labels = bucketLabels(daily.map((day) => day.date));
  const buckets: Bucket[] = [];
  daily.forEach((day, index) => {
    const label = labels[index] ?? "";
    let bucket = buckets.at(-1);
    if (!bucket || bucket.label !== label) {
      bucket = { label, orders: 0, gmv: 0, newCustomers: 0 };
      buckets.push(bucket);
    }
    bucket.orders += day.orders;
    bucket.gmv += day.gmv;
    bucket.newCustomers += day.newCustomers;
  });
  return buckets;
}

/**
 * Point-in-time figures (rolling rates, customers per layer) for the same buckets: each bucket shows
 * its last day, since a level cannot be summed over days.
 */
export function lastOfBuckets<T>(
  dates: readonly string[],
  values: readonly T[],
): { label: string; value: T }[] {
  const labels = bucketLabels(dates);
  const points: { label: string; value: T }[] = [];
  values.forEach((value, index) => {
    const label = labels[index] ?? "";
    const last = points.at(-1);
    if (last && last.label === label) last.value = value;
    else points.push({ label, value });
  });
  return points;
}
