import { describe, expect, it } from "vitest";
import type { CouponReportRow } from "../../../../shared/api-types";
import { formatMoney } from "../../../../shared/money";
import { dailyChartOption } from "./report-chart-options";
import { bucketDays, datesBetween, fillDays } from "./report-days";

function dayRow(date: string, redeemed: number, discount: number, gmv: number, issued = 0): CouponReportRow {
  return {
    key: date,
    label: date,
    templateId: null,
    issued,
    claimed: 0,
    redeemed,
    rolledBack: 0,
    discount,
    gmv,
    redemptionRate: null,
    roi: null,
  };
}

const labels = { redeemed: "R", discount: "D", gmv: "G", count: "n", yuan: "¥" };

describe("fillDays", () => {
  it("lists every day of the period, across a month end, with zeros where the server had no row", () => {
    const days = fillDays(
      [dayRow("2026-11-29", 2, 2000, 37_000, 5), dayRow("2026-12-02", 1, 1000, 19_000)],
      "2026-11-28",
      "2026-12-02",
    );
    expect(days.map((d) => d.date)).toEqual([
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
    ]);
    expect(days[0]).toEqual({ date: "2026-11-28", issued: 0, redeemed: 0, discount: 0, gmv: 0 });
    expect(days[1]).toEqual({ date: "2026-11-29", issued: 5, redeemed: 2, discount: 2000, gmv: 37_000 });
    expect(days[4]?.redeemed).toBe(1);
  });

  it("leaves out rows outside the period and counts a one-day period as one day", () => {
    const days = fillDays(
      [dayRow("2026-11-01", 9, 1, 1), dayRow("2026-11-30", 1, 500, 9500)],
      "2026-11-30",
      "2026-11-30",
    );
    expect(days).toEqual([{ date: "2026-11-30", issued: 0, redeemed: 1, discount: 500, gmv: 9500 }]);
  });

  it("has 29 February in a leap year and none in other years", () => {
    expect(datesBetween("2028-02-28", "2028-03-01")).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
    expect(datesBetween("2026-02-28", "2026-03-01")).toEqual(["2026-02-28", "2026-03-01"]);
  });
});

describe("bucketDays and the daily chart", () => {
  it("keeps single days for a month and shows money in 元 with zero days as 0", () => {
    const days = fillDays([dayRow("2026-11-03", 2, 1999, 38_001)], "2026-11-01", "2026-11-30");
    const option = dailyChartOption(days, labels, (fen) => formatMoney(fen));
    expect(option.xAxis.data).toHaveLength(30);
    expect(option.xAxis.data[0]).toBe("11-01");
    expect(option.series[0]?.data.slice(0, 4)).toEqual([0, 0, 2, 0]);
    expect(option.series[1]?.data[2]).toBe(19.99);
    expect(option.series[2]?.data[2]).toBe(380.01);
    expect(option.series[1]?.tooltip.valueFormatter(19.99)).toBe("¥19.99");
    expect(option.series[2]?.tooltip.valueFormatter(380.1)).toBe("¥380.10");
    expect(option.series[0]?.tooltip.valueFormatter(1234)).toBe("1,234");
  });

  it("sums a 90-day period into weeks without losing a coupon or a fen", () => {
    const rows = datesBetween("2026-09-02", "2026-11-30").map((date) => dayRow(date, 1, 101, 999));
    const buckets = bucketDays(fillDays(rows, "2026-09-02", "2026-11-30"));
    expect(buckets).toHaveLength(13);
    expect(buckets[0]).toEqual({ label: "09-02", issued: 0, redeemed: 7, discount: 707, gmv: 6993 });
    expect(buckets.reduce((n, b) => n + b.redeemed, 0)).toBe(90);
    expect(buckets.reduce((n, b) => n + b.discount, 0)).toBe(90 * 101);
  });
});
