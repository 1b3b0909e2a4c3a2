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

/**
 * Redeemed coupons as bars (left axis), discount and GMV in 元 as lines (right axis); on hover the
 * counts as they are and the money formatted by `money` (which takes 分).
 */
export function dailyChartOption(
  days: readonly ReportDay[],
  labels: DailyChartLabels,
  money: (fen: number) => string,
) {
  const buckets = bucketDays(days);
  const moneyTooltip = { valueFormatter: (value: number) => money(Math.round(value * 100)) };
  const line = (name: string, values: number[], color: string) => ({
    name,
    type: "line",
    yAxisIndex: 1,
    // Dots only when there are few points; the tooltip gives every day's numbers.
    showSymbol: buckets.length <= 14,
    data: values,
    itemStyle: { color },
    tooltip: moneyTooltip,
  });
  return {
    tooltip: { trigger: "axis" },
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
        tooltip: { valueFormatter: (value: number) => value.toLocaleString("en-US") },
      },
      line(
        labels.discount,
        buckets.map((b) => yuan(b.discount)),
        "#ea580c",
      ),
      line(
        labels.gmv,
        buckets.map((b) => yuan(b.gmv)),
        "#16a34a",
      ),
    ],
  };
}
