import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import type { ShortLinkCount, ShortLinkStats } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";

// Only the parts of ECharts these charts use, to keep the console's bundle small.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** Clicks, scans and unique visitors per local day. */
export function DailyClicksChart({ days }: { days: ShortLinkStats["byDay"] }) {
  const t = useT();
  const option = {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: days.map((d) => d.day.slice(5)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: t("links.kpi.clicks"), type: "bar", stack: "hits", data: days.map((d) => d.clicks) },
      { name: t("links.kpi.scans"), type: "bar", stack: "hits", data: days.map((d) => d.scans) },
      { name: t("links.kpi.unique"), type: "line", smooth: true, data: days.map((d) => d.uniqueVisitors) },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />;
}

/** A share of human hits by one dimension (device, OS, browser). */
export function SharePie({ counts }: { counts: ShortLinkCount[] }) {
  const option = {
    tooltip: { trigger: "item" },
    legend: { bottom: 0, type: "scroll" },
    series: [
      {
        type: "pie",
        radius: ["40%", "68%"],
        center: ["50%", "44%"],
        label: { show: false },
        data: counts.map((c) => ({ name: c.value, value: c.hits })),
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 240 }} notMerge />;
}

/** Top referrer hosts as horizontal bars. */
export function ReferrerBars({ counts }: { counts: ShortLinkCount[] }) {
  const t = useT();
  const rows = [...counts].reverse();
  const option = {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: rows.map((c) => (c.value === "(direct)" ? t("links.direct") : c.value)),
      axisLabel: { width: 140, overflow: "truncate" },
    },
    series: [{ type: "bar", data: rows.map((c) => c.hits), itemStyle: { color: "#16a34a" } }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 240 }} notMerge />;
}
