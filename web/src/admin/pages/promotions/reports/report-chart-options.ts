// The daily redemption chart's option; pure so its numbers are unit-tested.
import { bucketDays, type ReportDay } from "./report-days";

export type DailyChartLabels = {
  redeemed: string;
  discount: string;
  gmv: string;
  count: string;
  yuan: string;
};

const yuan = (fen: number) => Math.round(fen) / 100;

/** Redeemed coupons as bars (left axis), discount and GMV in 元 as lines (right axis); numbers on hover. */
export function dailyChartOption(days: readonly ReportDay[], labels: DailyChartLabels) {
  const buckets = bucketDays(days);
  return {
    tooltip: {
      trigger: "axis",
      valueFormatter: (value: number) =>
        Number.isInteger(value)
          ? value.toLocaleString()
          : value.toLocaleString(undefined, { minimumFractionDigits: 2 }),
    },
    legend: { top: 0, data: [labels.redeemed, labels.discount, labels.gmv] },
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: buckets.map((b) => b.label) },
    yAxis: [
      { type: "value", name: labels.count, minInterval: 1 },
      { type: "value", name: labels.yuan },
    ],
    series: [
      {
        name: labels.redeemed,
        type: "bar",
        data: buckets.map((b) => b.redeemed),
        itemStyle: { color: "#2563eb" },
      },
      {
        name: labels.discount,
        type: "line",
        yAxisIndex: 1,
        smooth: 0.2,
        data: buckets.map((b) => yuan(b.discount)),
        itemStyle: { color: "#ea580c" },
      },
      {
        name: labels.gmv,
        type: "line",
        yAxisIndex: 1,
        smooth: 0.2,
        data: buckets.map((b) => yuan(b.gmv)),
        itemStyle: { color: "#16a34a" },
      },
    ],
  };
}
