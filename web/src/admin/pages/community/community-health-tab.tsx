import { Card, Col, Progress, Row, Statistic, Typography } from "antd";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import type { Community, CommunityHealth } from "../../../shared/community-types";
import { ErrorAlert } from "../../components/error-alert";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Health: members, active members, messages and the promotional share of posts, joins and leaves by day, member orders and GMV against the month's target. */
export function CommunityHealthTab({ community }: { community: Community }) {
  const t = useT();
  const f = useFormat();
  const health = useGet<CommunityHealth>(`/api/v1/communities/${community.id}/health`);
  const h = health.data;
  if (!h) return <ErrorAlert error={health.error} onRetry={health.reload} />;
  const days = h.joinsAndLeaves.map((d) => d.date.slice(5));
  const messages30d = h.messagesPerDay.reduce((n, d) => n + d.messages, 0);
  const progress = h.month.progress === null ? null : Math.round(h.month.progress * 1000) / 10;
  return (
    <div data-testid="community-health">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic
              title={t("community.health.members")}
              value={h.members}
              suffix={h.capacity ? `/ ${h.capacity}` : undefined}
            />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t("community.health.active7d")} value={h.activeMembers7d} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t("community.health.messages30d")} value={messages30d} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small" data-testid="promotional-share">
            <Statistic
              title={t("community.health.promotionalShare")}
              value={f.percent(h.promotionalShare)}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("community.health.postsLine", h.posts)}
                </Typography.Text>
              }
            />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t("community.health.monthOrders")} value={h.month.orders} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t("community.health.monthGmv")} value={f.money(h.month.gmv)} />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t("community.health.target", { month: h.month.month })}
        style={{ marginTop: 16 }}
        data-testid="gmv-target"
      >
        {h.month.target ? (
          <>
            <Progress percent={Math.min(100, progress ?? 0)} format={() => `${progress}%`} />
            <Typography.Text type="secondary">
              {t("community.health.targetLine", {
                gmv: f.money(h.month.gmv),
                target: f.money(h.month.target),
              })}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{t("community.health.noTarget")}</Typography.Text>
        )}
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("community.health.joinsLeaves")}>
            <ReactEChartsCore
              echarts={echarts}
              style={{ height: 260 }}
              option={{
                animation: false,
                tooltip: { trigger: "axis" },
                legend: { top: 0, data: [t("community.health.joins"), t("community.health.leaves")] },
                grid: { left: 40, right: 16, top: 36, bottom: 28 },
                xAxis: { type: "category", data: days },
                yAxis: { type: "value", minInterval: 1 },
                series: [
                  {
                    name: t("community.health.joins"),
                    type: "bar",
                    data: h.joinsAndLeaves.map((d) => d.joins),
                    itemStyle: { color: "#1677ff" },
                  },
                  {
                    name: t("community.health.leaves"),
                    type: "bar",
                    data: h.joinsAndLeaves.map((d) => -d.leaves),
                    itemStyle: { color: "#ff7875" },
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("community.health.gmvTrend")}>
            <ReactEChartsCore
              echarts={echarts}
              style={{ height: 260 }}
              option={{
                animation: false,
                tooltip: { trigger: "axis" },
                legend: { top: 0, data: [t("community.health.gmv"), t("community.health.orders")] },
                grid: { left: 56, right: 40, top: 36, bottom: 28 },
                xAxis: { type: "category", data: h.ordersByDay.map((d) => d.date.slice(5)) },
                yAxis: [
                  { type: "value", name: "¥" },
                  { type: "value", minInterval: 1 },
                ],
                series: [
                  {
                    name: t("community.health.gmv"),
                    type: "line",

                    showSymbol: false,
                    data: h.ordersByDay.map((d) => d.gmv / 100),
                  },
                  {
                    name: t("community.health.orders"),
                    type: "bar",
                    yAxisIndex: 1,
                    data: h.ordersByDay.map((d) => d.orders),
                  },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t("community.health.messagesTrend")} style={{ marginTop: 16 }}>
        <ReactEChartsCore
          echarts={echarts}
          style={{ height: 220 }}
          option={{
            animation: false,
            tooltip: { trigger: "axis" },
            grid: { left: 40, right: 16, top: 16, bottom: 28 },
            xAxis: { type: "category", data: h.messagesPerDay.map((d) => d.date.slice(5)) },
            yAxis: { type: "value", minInterval: 1 },
            series: [
              {
                name: t("community.health.messages"),
                type: "bar",
                data: h.messagesPerDay.map((d) => d.messages),
                itemStyle: { color: "#13c2c2" },
              },
            ],
          }}
        />
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t("community.health.seam")}
      </Typography.Paragraph>
    </div>
  );
}
