import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import { dailyChartOption } from "./report-chart-options";
import type { ReportDay } from "./report-days";

// Only the parts of ECharts this chart uses, to keep the console's bundle small.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Redeemed coupons, discount and GMV per day of the period (lazy-loaded with ECharts). */
export function ReportDailyChart({ days }: { days: ReportDay[] }) {
  const t = useT();
  const f = useFormat();
  const option = dailyChartOption(
    days,
    {
      redeemed: t("couponReport.chart.redeemed"),
      discount: t("couponReport.chart.discount"),
      gmv: t("couponReport.chart.gmv"),
      count: t("couponReport.chart.count"),
      yuan: t("couponReport.chart.yuan"),
    },
    f.money,
  );
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 300 }} notMerge />;
}
