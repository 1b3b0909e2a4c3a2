import { DownloadOutlined } from "@ant-design/icons";
import { Button, Card, Col, DatePicker, Empty, Flex, Row, Spin, Statistic, Table, Typography } from "antd";
import { lazy, Suspense, useState } from "react";
import type { LayerFlow } from "../../../shared/api-types";
import { downloadCsv } from "../../../shared/csv";
import { dayjs, todayIn } from "../../../shared/time";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useLocale } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { type FlowKey, flowCsv, flowMatrix } from "./flow-report";

const FlowSankey = lazy(() => import("./flow-sankey"));

/** How many customers moved between layers between the end of two local days: matrix and Sankey. */
export function LayerFlowPage() {
  const { t, locale } = useLocale();
  const { timeZone } = useFormat();
  const [range, setRange] = useState(() => {
    const today = todayIn(timeZone);
    return { from: today.subtract(30, "day").format("YYYY-MM-DD"), to: today.format("YYYY-MM-DD") };
  });
  const flow = useGet<LayerFlow>(`/api/v1/layers/flow?from=${range.from}&to=${range.to}`);
  const data = flow.data;
  const nameOf = (key: FlowKey) => {
    if (key === null) return t("insight.flow.none");
    const layer = data?.layers.find((l) => l.id === key);
    if (!layer) return key;
    const name = locale === "en" && layer.nameEn ? layer.nameEn : layer.name;
    return layer.position === null ? t("insight.flow.removed", { name }) : name;
  };

  return (
    <>
      <PageHeader
        title={t("insight.flow.title")}
        extra={
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(range.from), dayjs(range.to)]}
            onChange={(dates) => {
              const [from, to] = dates ?? [];
              if (from && to) setRange({ from: from.format("YYYY-MM-DD"), to: to.format("YYYY-MM-DD") });
            }}
            data-testid="flow-range"
          />
        }
      />
      <ErrorAlert error={flow.error} onRetry={flow.reload} />
      {flow.loading && !data && <Spin />}
      {data && (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {t("insight.flow.explain", { from: data.from, to: data.to, zone: data.timeZone })}
          </Typography.Text>
          {data.matrix.length === 0 ? (
            <Card size="small">
              <Empty description={t("insight.flow.empty")} />
            </Card>
          ) : (
            <FlowBody flow={data} nameOf={nameOf} />
          )}
        </Flex>
      )}
    </>
  );
}

function FlowBody({ flow, nameOf }: { flow: LayerFlow; nameOf: (key: FlowKey) => string }) {
  const { t } = useLocale();
  const matrix = flowMatrix(flow);
  const total = t("insight.flow.total");
  type Row = { key: string; from: FlowKey | undefined };
  const rows: Row[] = [
    ...matrix.rows.map((from) => ({ key: String(from), from })),
    { key: "total", from: undefined },
  ];
  const download = () => {
    const csv = flowCsv(matrix, nameOf, total);
    downloadCsv(`layer-flow-${flow.from}-${flow.to}.csv`, csv.header, csv.rows);
  };
  return (
    <>
      <Row gutter={[12, 12]}>
        {(
          [
            ["customers", t("insight.flow.customers"), flow.totals.customers],
            ["stayed", t("insight.flow.stayed"), flow.totals.stayed],
            ["moved", t("insight.flow.moved"), flow.totals.moved],
          ] as const
        ).map(([key, label, value]) => (
          <Col key={key} xs={8}>
            <Card size="small" data-testid={`flow-${key}`}>
              <Statistic title={label} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title={t("insight.flow.sankey")} data-testid="flow-sankey">
        <Suspense fallback={<Spin />}>
          <FlowSankey flow={flow} nameOf={nameOf} />
        </Suspense>
      </Card>
      <Card
        size="small"
        title={t("insight.flow.matrix")}
        extra={
          <Button size="small" icon={<DownloadOutlined />} onClick={download}>
            {t("insight.flow.downloadCsv")}
          </Button>
        }
      >
        <Table<Row>
          size="small"
          data-testid="flow-matrix"
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows}
          columns={[
            {
              title: "",
              fixed: "left",
              render: (_, row) => <strong>{row.from === undefined ? total : nameOf(row.from)}</strong>,
            },
            ...matrix.columns.map((to) => ({
              title: nameOf(to),
              key: String(to),
              align: "right" as const,
              render: (_: unknown, row: Row) => {
                const n = row.from === undefined ? matrix.columnTotal(to) : matrix.count(row.from, to);
                return row.from !== undefined && row.from === to ? <strong>{n}</strong> : n;
              },
            })),
            {
              title: total,
              key: "rowTotal",
              align: "right" as const,
              render: (_: unknown, row: Row) =>
                row.from === undefined ? matrix.total : matrix.rowTotal(row.from),
            },
          ]}
        />
      </Card>
    </>
  );
}
