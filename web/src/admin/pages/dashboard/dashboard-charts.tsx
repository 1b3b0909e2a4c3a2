import { Card, Col, Empty, Row, Table } from "antd";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import type { Dashboard } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";
import { bucketDaily } from "./chart-buckets";

// Only the parts of ECharts these charts use, to keep the console's bundle small.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const green = "#16a34a";
const blue = "#2563eb";

export function DashboardCharts({ dashboard }: { dashboard: Dashboard }) {
  const t = useT();
  const f = useFormat();
  const buckets = bucketDaily(dashboard.daily);
  const labels = buckets.map((bucket) => bucket.label);

  const ordersAndGmv = {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [t("dashboard.orders"), t("dashboard.gmv")] },
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: labels },
    yAxis: [
      { type: "value", name: t("dashboard.orders"), minInterval: 1 },
      { type: "value", name: t("dashboard.gmvYuan") },
    ],
    series: [
      {
        name: t("dashboard.orders"),
        type: "bar",
        data: buckets.map((b) => b.orders),
        itemStyle: { color: blue },
      },
      {
        name: t("dashboard.gmv"),
        type: "line",
        yAxisIndex: 1,
        smooth: 0.2,
        data: buckets.map((b) => b.gmv / 100),
        itemStyle: { color: green },
      },
    ],
  };
  const newCustomers = {
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        name: t("dashboard.newCustomers"),
        type: "line",
        areaStyle: { opacity: 0.15 },
        data: buckets.map((b) => b.newCustomers),
        itemStyle: { color: green },
      },
    ],
  };

  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      <Col xs={24} xl={16}>
        <Card size="small" title={t("dashboard.dailyOrdersGmv")}>
          <ReactEChartsCore echarts={echarts} option={ordersAndGmv} style={{ height: 300 }} notMerge />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t("dashboard.dailyNewCustomers")}>
          <ReactEChartsCore echarts={echarts} option={newCustomers} style={{ height: 300 }} notMerge />
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t("dashboard.topCategories")}>
          {dashboard.topCategories.length === 0 ? (
            <Empty />
          ) : (
            <Table
              size="small"
              rowKey={(row) => row.category ?? ""}
              pagination={false}
              dataSource={dashboard.topCategories}
              columns={[
                {
                  title: t("order.category"),
                  dataIndex: "category",
                  render: (category: string | null) => category ?? t("dashboard.uncategorised"),
                },
                { title: t("dashboard.orders"), dataIndex: "orders", align: "right" },
                {
                  title: t("dashboard.gmv"),
                  dataIndex: "gmv",
                  align: "right",
                  render: (v: number) => f.money(v),
                },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
