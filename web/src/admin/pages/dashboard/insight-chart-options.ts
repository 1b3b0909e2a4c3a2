// Chart options for the dashboard's customer insight figures; pure so labels and numbers are tested.
import type { Dashboard, RfmClass } from "../../../shared/api-types";
import { lastOfBuckets } from "./chart-buckets";

export type RateLabels = { active: string; repurchase: string };

const percent = (ratio: number) => Math.round(ratio * 10_000) / 100;

/** Rolling 30-day active and repurchase rates, in percent, one point per chart bucket (its last day). */
export function rateTrendOption(dashboard: Dashboard, labels: RateLabels) {
  const points = lastOfBuckets(
    dashboard.daily.map((d) => d.date),
    dashboard.daily,
  );
  return {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v}%` },
    legend: { top: 0, data: [labels.active, labels.repurchase] },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: points.map((p) => p.label) },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" }, min: 0 },
    series: [
      {
        name: labels.active,
        type: "line",
        smooth: 0.2,
        data: points.map((p) => percent(p.value.activeRate)),
        itemStyle: { color: "#2563eb" },
      },
      {
        name: labels.repurchase,
        type: "line",
        smooth: 0.2,
        data: points.map((p) => percent(p.value.repurchaseRate)),
        itemStyle: { color: "#ea580c" },
      },
    ],
  };
}

/** The eight RFM classes as horizontal bars (customers; share of all classed customers on hover). */
export function rfmBarOption(
  classes: Dashboard["rfm"]["classes"],
  label: (rfmClass: RfmClass) => string,
  colour: Record<RfmClass, string>,
) {
  const total = classes.reduce((n, c) => n + c.customers, 0);
  const rows = [...classes].reverse();
  return {
    tooltip: {
      trigger: "item",
      formatter: (p: { name: string; value: number }) =>
        `${p.name}: ${p.value} (${total === 0 ? 0 : percent(p.value / total)}%)`,
    },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map((c) => label(c.class)) },
    series: [
      {
        type: "bar",
        label: { show: true, position: "right" },
        data: rows.map((c) => ({ value: c.customers, itemStyle: { color: colour[c.class] } })),
      },
    ],
  };
}

/** Customers per layer over the period: one stacked area per layer, a point per chart bucket (its last day). */
export function layerTrendOption(
  dashboard: Dashboard,
  layerName: (layer: Dashboard["layers"][number]) => string,
) {
  const dates = dashboard.daily.map((d) => d.date);
  const buckets = lastOfBuckets(
    dates,
    dates.map((_, i) => i),
  );
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: dashboard.layers.map(layerName) },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", boundaryGap: false, data: buckets.map((b) => b.label) },
    yAxis: { type: "value", minInterval: 1 },
    series: dashboard.layers.map((layer) => ({
      name: layerName(layer),
      type: "line",
      stack: "layers",
      areaStyle: { opacity: 0.5 },
      symbol: "none",
      data: buckets.map((b) => layer.daily[b.value] ?? 0),
    })),
  };
}

/** The rows the rate and layer charts show, one per day, for CSV download. */
export function dailyInsightRows(
  dashboard: Dashboard,
  layerName: (layer: Dashboard["layers"][number]) => string,
) {
  const header = [
    "date",
    "liveCustomers",
    "activeCustomers",
    "repeatCustomers",
    "activeRate",
    "repurchaseRate",
    ...dashboard.layers.map(layerName),
  ];
  const rows = dashboard.daily.map((d, i) => [
    d.date,
    d.liveCustomers,
    d.activeCustomers,
    d.repeatCustomers,
    Math.round(d.activeRate * 10_000) / 10_000,
    Math.round(d.repurchaseRate * 10_000) / 10_000,
    ...dashboard.layers.map((l) => l.daily[i] ?? 0),
  ]);
  return { header, rows };
}
