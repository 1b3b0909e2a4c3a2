// Turning a persona's slices into chart options and CSV rows; pure so the labels and numbers are tested.
import type { Labels, Locale, PersonaSlice } from "../../../shared/api-types";

export type Dimension = "gender" | "ageBands" | "regions" | "rfmClasses" | "orderCounts" | "spend";

export type LabelContext = {
  locale: Locale;
  unknown: string;
  /** No RFM row yet (scores are computed nightly or on demand). */
  unscored: string;
  genders: Record<string, string>;
  /** RFM class labels as the server lists them (GET /api/v1/insight/fields, rfm.class values). */
  rfmClasses: Record<string, Labels>;
  formatYuan: (yuan: number) => string;
  ordersUnit: (range: string) => string;
  ageUnit: (range: string) => string;
};

/** "3_5" → "3–5", "11_plus" → "11+", "under_18" → "<18", "0" → "0". */
export function bandRange(key: string, format: (n: number) => string = String): string {
  if (key.startsWith("under_")) return `<${format(Number(key.slice(6)))}`;
  if (key.endsWith("_plus")) return `${format(Number(key.slice(0, -5)))}+`;
  const [from, to] = key.split("_");
  return to === undefined ? format(Number(from)) : `${format(Number(from))}–${format(Number(to))}`;
}

export function sliceLabel(dimension: Dimension, key: string | null, ctx: LabelContext): string {
  if (key === null) return dimension === "rfmClasses" ? ctx.unscored : ctx.unknown;
  switch (dimension) {
    case "gender":
      return ctx.genders[key] ?? key;
    case "rfmClasses":
      return ctx.rfmClasses[key]?.[ctx.locale] ?? key;
    case "ageBands":
      return ctx.ageUnit(bandRange(key));
    case "orderCounts":
      return ctx.ordersUnit(bandRange(key));
    case "spend":
      return bandRange(key, ctx.formatYuan);
    default:
      return key;
  }
}

export type Row = { label: string; count: number; share: number };

export function rowsOf(dimension: Dimension, slices: PersonaSlice[], ctx: LabelContext): Row[] {
  const total = slices.reduce((sum, s) => sum + s.count, 0);
  return slices.map((s) => ({
    label: sliceLabel(dimension, s.key, ctx),
    count: s.count,
    share: total === 0 ? 0 : s.count / total,
  }));
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

type TooltipParam = { name: string; value: number; dataIndex: number };

/** A bar chart (horizontal when the labels are long) with the count and share on hover. */
export function barOption(rows: Row[], { horizontal = false, color = "#16a34a" } = {}) {
  const tooltip = {
    trigger: "axis",
    axisPointer: { type: "shadow" },
    formatter: (params: TooltipParam[]) => {
      const p = params[0];
      const row = p ? rows[p.dataIndex] : undefined;
      return row ? `${row.label}<br/>${row.count.toLocaleString()} (${percent(row.share)})` : "";
    },
  };
  // Every band is labelled (ECharts would skip some on a narrow card); long rows of bands are slanted.
  const axisLabel = { interval: 0, rotate: !horizontal && rows.length > 5 ? 30 : 0 };
  const categoryAxis = {
    type: "category",
    data: rows.map((r) => r.label),
    axisLabel,
    ...(horizontal ? { inverse: true } : {}),
  };
  const valueAxis = { type: "value", minInterval: 1 };
  return {
    tooltip,
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [
      {
        type: "bar",
        data: rows.map((r) => r.count),
        itemStyle: { color },
        label: { show: rows.length <= 12, position: horizontal ? "right" : "top" },
      },
    ],
  };
}

export function pieOption(rows: Row[]) {
  return {
    tooltip: {
      trigger: "item",
      formatter: (p: TooltipParam) => {
        const row = rows[p.dataIndex];
        return row ? `${row.label}<br/>${row.count.toLocaleString()} (${percent(row.share)})` : "";
      },
    },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        radius: ["30%", "55%"],
        center: ["50%", "45%"],
        // Empty slices stay in the legend and the CSV but get no label fighting for room.
        data: rows.map((r) => ({ name: r.label, value: r.count, label: { show: r.count > 0 } })),
        label: { formatter: "{b}: {c}", overflow: "none" },
        labelLine: { length: 8, length2: 6 },
      },
    ],
  };
}
