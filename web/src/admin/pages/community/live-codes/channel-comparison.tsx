import { Card, Empty, Table } from "antd";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { useT } from "../../../i18n/locale-context";
import type { MessageKey } from "../../../i18n/zh-cn";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import type { KindComparison, LiveCodeListItem } from "./live-codes-api";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Attribution = { codes: LiveCodeListItem[]; kinds: KindComparison[] };

/** 渠道对比: joins and cost per join per channel kind (chart and table), and every code's figures. */
export function ChannelComparison() {
  const t = useT();
  const f = useFormat();
  const data = useGet<Attribution>("/api/v1/live-codes/attribution");
  const kinds = data.data?.kinds ?? [];
  const kindLabel = (k: string) => t(`liveCodes.kind.${k}` as MessageKey);
  const option = {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [t("liveCodes.col.joins"), t("liveCodes.col.costPerJoin")] },
    grid: { left: 48, right: 72, bottom: 32, top: 56 },
    xAxis: { type: "category", data: kinds.map((k) => kindLabel(k.kind)) },
    yAxis: [
      { type: "value", name: t("liveCodes.col.joins"), minInterval: 1 },
      {
        type: "value",
        name: t("liveCodes.col.costPerJoin"),
        axisLabel: { formatter: (v: number) => f.money(v * 100) },
      },
    ],
    series: [
      {
        name: t("liveCodes.col.joins"),
        type: "bar",
        data: kinds.map((k) => k.joins),
        itemStyle: { color: "#16a34a" },
      },
      {
        name: t("liveCodes.col.costPerJoin"),
        type: "bar",
        yAxisIndex: 1,
        data: kinds.map((k) => (k.costPerJoin === null ? 0 : k.costPerJoin / 100)),
        itemStyle: { color: "#f59e0b" },
      },
    ],
  };
  const figures = [
    { title: t("liveCodes.col.scans"), dataIndex: "scans" },
    { title: t("liveCodes.col.unique"), dataIndex: "uniqueScanners" },
    { title: t("liveCodes.col.joins"), dataIndex: "joins" },
    { title: t("liveCodes.col.newMembers"), dataIndex: "newMembers" },
    { title: t("liveCodes.col.firstOrders"), dataIndex: "firstOrders" },
  ];
  return (
    <>
      <Card
        size="small"
        title={t("liveCodes.compare.chart")}
        data-testid="channel-chart"
        style={{ marginBottom: 16 }}
      >
        {kinds.length === 0 ? (
          <Empty />
        ) : (
          <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />
        )}
      </Card>
      <Card size="small" title={t("liveCodes.compare.byKind")} style={{ marginBottom: 16 }}>
        <Table<KindComparison>
          rowKey="kind"
          size="small"
          pagination={false}
          loading={data.loading && !data.data}
          dataSource={kinds}
          scroll={{ x: 900 }}
          columns={[
            { title: t("liveCodes.col.kind"), dataIndex: "kind", render: kindLabel },
            { title: t("liveCodes.col.codes"), dataIndex: "codes" },
            ...figures,
            { title: t("liveCodes.col.revenue"), dataIndex: "revenue", render: (v: number) => f.money(v) },
            { title: t("liveCodes.col.cost"), dataIndex: "cost", render: (v: number) => f.money(v) },
            {
              title: t("liveCodes.col.costPerJoin"),
              dataIndex: "costPerJoin",
              render: (v: number | null) => f.money(v),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t("liveCodes.compare.byCode")}>
        <Table<LiveCodeListItem>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.data?.codes ?? []}
          scroll={{ x: 900 }}
          columns={[
            { title: t("liveCodes.col.name"), dataIndex: "name" },
            { title: t("liveCodes.col.kind"), dataIndex: "kind", render: kindLabel },
            ...figures.map((c) => ({ ...c, dataIndex: ["stats", c.dataIndex] })),
            {
              title: t("liveCodes.col.revenue"),
              dataIndex: ["stats", "revenue"],
              render: (v: number) => f.money(v),
            },
            {
              title: t("liveCodes.col.costPerJoin"),
              dataIndex: ["stats", "costPerJoin"],
              render: (v: number | null) => f.money(v),
            },
          ]}
        />
      </Card>
    </>
  );
}
