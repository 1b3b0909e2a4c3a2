import { DownloadOutlined } from "@ant-design/icons";
import { Button, Card, Col, Empty, Row, Table, Typography } from "antd";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import type { Dashboard } from "../../../shared/api-types";
import { downloadCsv } from "../../../shared/csv";
import { useLocale } from "../../i18n/locale-context";
import { rfmClassColour, rfmClassKey } from "../customers/customer-rfm-card";
import { dailyInsightRows, layerTrendOption, rateTrendOption, rfmBarOption } from "./insight-chart-options";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Customer insight on the dashboard: rolling rates, RFM classes and customers per layer with their trends. */
export function InsightCharts({ dashboard }: { dashboard: Dashboard }) {
  const { t, locale } = useLocale();
  const layerName = (layer: Dashboard["layers"][number]) =>
    locale === "en" && layer.nameEn ? layer.nameEn : layer.name;
  const rfmTotal = dashboard.rfm.classes.reduce((n, c) => n + c.customers, 0);
  const placed = dashboard.layers.reduce((n, l) => n + l.customers, 0);
  const download = () => {
    const { header, rows } = dailyInsightRows(dashboard, layerName);
    downloadCsv(`insight-${dashboard.from}-${dashboard.to}.csv`, header, rows);
  };
  const csvButton = (
    <Button size="small" icon={<DownloadOutlined />} onClick={download}>
      {t("insight.dash.downloadCsv")}
    </Button>
  );

  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      <Col xs={24} xl={16}>
        <Card size="small" title={t("insight.dash.rateTrend")} extra={csvButton} data-testid="rate-trend">
          <ReactEChartsCore
            echarts={echarts}
            option={rateTrendOption(dashboard, {
              active: t("insight.dash.activeRate"),
              repurchase: t("insight.dash.repurchase30"),
            })}
            style={{ height: 280 }}
            notMerge
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card
          size="small"
          title={t("insight.dash.rfmBreakdown")}
          extra={
            dashboard.rfm.asOf && (
              <Typography.Text type="secondary">
                {t("insight.dash.rfmAsOf", { date: dashboard.rfm.asOf })}
              </Typography.Text>
            )
          }
          data-testid="rfm-breakdown"
        >
          {rfmTotal === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("insight.dash.rfmNone")} />
          ) : (
            <ReactEChartsCore
              echarts={echarts}
              option={rfmBarOption(dashboard.rfm.classes, (c) => t(rfmClassKey(c)), rfmClassColour)}
              style={{ height: 280 }}
              notMerge
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t("insight.dash.layers")} data-testid="layer-counts">
          {dashboard.layers.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("insight.dash.layersNone")} />
          ) : (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={dashboard.layers}
              columns={[
                { title: t("insight.layers.name"), render: (_, layer) => layerName(layer) },
                { title: t("insight.dash.customersUnit"), dataIndex: "customers", align: "right" },
                {
                  title: "%",
                  align: "right",
                  render: (_, layer) =>
                    placed === 0 ? "—" : `${Math.round((layer.customers / placed) * 1000) / 10}%`,
                },
              ]}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t("insight.dash.layersTrend")} data-testid="layer-trend">
          {placed === 0 && dashboard.layers.every((l) => l.daily.every((n) => n === 0)) ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("insight.dash.layersNone")} />
          ) : (
            <ReactEChartsCore
              echarts={echarts}
              option={layerTrendOption(dashboard, layerName)}
              style={{ height: 280 }}
              notMerge
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
