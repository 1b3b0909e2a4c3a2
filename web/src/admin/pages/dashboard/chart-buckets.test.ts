import { describe, expect, it } from "vitest";
import { bucketDaily, type DayFigures, lastOfBuckets } from "./chart-buckets";

function days(from: string, count: number): DayFigures[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    orders: 1,
    gmv: 100,
    newCustomers: i % 2,
  }));
}

describe("bucketDaily", () => {
  it("keeps single days for periods up to two months", () => {
    const buckets = bucketDaily(days("2026-11-01", 30));
    expect(buckets).toHaveLength(30);
    expect(buckets[0]).toEqual({ label: "11-01", orders: 1, gmv: 100, newCustomers: 0 });
  });

  it("groups 90 days into weeks counted from the first day, keeping every order", () => {
    const buckets = bucketDaily(days("2026-09-02", 90));
    expect(buckets).toHaveLength(13);
    expect(buckets[0]).toEqual({ label: "09-02", orders: 7, gmv: 700, newCustomers: 3 });
    expect(buckets.at(-1)).toMatchObject({ label: "11-25", orders: 6 });
    expect(buckets.reduce((sum, b) => sum + b.orders, 0)).toBe(90);
  });

  it("groups a year into calendar months", () => {
    const buckets = bucketDaily(days("2025-12-01", 365));
    expect(buckets.map((b) => b.label)).toEqual([
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
    ]);
    expect(buckets[2]).toMatchObject({ orders: 28, gmv: 2800 });
  });
});

describe("lastOfBuckets", () => {
  const dates = (from: string, count: number) =>
    Array.from({ length: count }, (_, i) =>
      new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    );

  it("keeps every day of a month", () => {
    const d = dates("2026-11-01", 30);
    expect(
      lastOfBuckets(
        d,
        d.map((_, i) => i),
      ),
    ).toHaveLength(30);
  });

  it("shows each week's last day, the short last week included", () => {
    const d = dates("2026-09-02", 90);
    const points = lastOfBuckets(
      d,
      d.map((_, i) => i),
    );
    expect(points).toHaveLength(13);
    expect(points[0]).toEqual({ label: "09-02", value: 6 });
    expect(points.at(-1)).toEqual({ label: "11-25", value: 89 });
  });

  it("shows each month's last day over a year", () => {
    const d = dates("2025-12-01", 365);
    const points = lastOfBuckets(d, d);
    expect(points[0]).toEqual({ label: "2025-12", value: "2025-12-31" });
    expect(points[2]).toEqual({ label: "2026-02", value: "2026-02-28" });
  });
});
