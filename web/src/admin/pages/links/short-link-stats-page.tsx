import { ArrowLeftOutlined, EditOutlined, ReloadOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  InputNumber,
  Row,
  Space,
  Statistic,
  Typography,
} from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { ShortLink, ShortLinkCount, ShortLinkStats } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import type { MessageKey } from "../../i18n/zh-cn";
import { useCan } from "../../session";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { DailyClicksChart, ReferrerBars, SharePie } from "./link-charts";
import { QrDownloadButton } from "./qr-download";
import { ShortLinkModal } from "./short-link-modal";

/** One link's stats: KPIs, clicks by day, devices, OS, browsers, referrers and orders after click. */
export function ShortLinkStatsPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const { message } = App.useApp();
  const { id = "" } = useParams();
  const [windowDays, setWindowDays] = useState(7);
  const link = useGet<ShortLink>(`/api/v1/short-links/${id}`);
  const stats = useGet<ShortLinkStats>(`/api/v1/short-links/${id}/stats?windowDays=${windowDays}`);
  const [editing, setEditing] = useState(false);
  const s = stats.data;

  const kpis: { key: string; label: MessageKey; value: string }[] = s
    ? [
        { key: "hits", label: "links.kpi.hits", value: s.totals.hits.toLocaleString() },
        { key: "human", label: "links.kpi.human", value: s.totals.human.toLocaleString() },
        { key: "unique", label: "links.kpi.unique", value: s.totals.uniqueVisitors.toLocaleString() },
        { key: "scans", label: "links.kpi.scans", value: s.totals.scans.toLocaleString() },
        { key: "bots", label: "links.kpi.bots", value: s.totals.bots.toLocaleString() },
        { key: "customers", label: "links.kpi.customers", value: s.customersReached.toLocaleString() },
        { key: "orders", label: "links.kpi.orders", value: s.orders.toLocaleString() },
        { key: "revenue", label: "links.kpi.revenue", value: f.money(s.revenue) },
      ]
    : [];

  const pie = (title: MessageKey, counts: ShortLinkCount[]) => (
    <Col xs={24} md={8}>
      <Card size="small" title={t(title)}>
        {counts.length ? <SharePie counts={counts} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </Card>
    </Col>
  );

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/links">
              <ArrowLeftOutlined />
            </Link>
            {link.data ? link.data.title || link.data.slug : t("links.stats")}
          </Space>
        }
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={stats.reload}>
              {t("links.refresh")}
            </Button>
            {link.data && <QrDownloadButton link={link.data} />}
            {link.data && can("links:manage") && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t("common.edit")}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={link.error ?? stats.error} onRetry={stats.reload} />
      {link.data && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16} align="middle">
            <Col xs={24} md={18}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t("links.field.shortUrl")}>
                  <Typography.Text copyable data-testid="stats-short-url">
                    {link.data.shortUrl}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t("links.field.target")}>
                  <Typography.Text style={{ wordBreak: "break-all" }}>{link.data.target}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t("links.field.expiresAt")}>
                  {link.data.expiresAt ? f.dateTime(link.data.expiresAt) : t("links.never")}
                </Descriptions.Item>
              </Descriptions>
            </Col>
            <Col xs={24} md={6} style={{ textAlign: "center" }}>
              <img
                src={`/api/v1/short-links/${link.data.id}/qr?format=svg&size=256`}
                alt={t("links.qr")}
                width={120}
                height={120}
              />
              <br />
              <Typography.Text type="secondary">{t("links.qrHint")}</Typography.Text>
            </Col>
          </Row>
        </Card>
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {kpis.map((k) => (
          <Col xs={12} sm={8} lg={6} xl={3} key={k.key}>
            <Card size="small" loading={stats.loading && !s}>
              <Statistic
                title={t(k.label)}
                value={k.value}
                valueStyle={{ fontSize: 22 }}
                data-testid={`kpi-${k.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text type="secondary">{t("links.windowDays")}</Typography.Text>
        <InputNumber min={1} max={90} value={windowDays} onChange={(v) => setWindowDays(v ?? 7)} />
        <Typography.Text type="secondary">
          {s ? t("links.range", { from: s.from, to: s.to }) : null}
        </Typography.Text>
      </Space>
      <Card size="small" title={t("links.chart.daily")} style={{ marginBottom: 16 }}>
        {s?.byDay.length ? (
          <DailyClicksChart days={s.byDay} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {pie("links.chart.devices", s?.devices ?? [])}
        {pie("links.chart.os", s?.os ?? [])}
        {pie("links.chart.browsers", s?.browsers ?? [])}
      </Row>
      <Card size="small" title={t("links.chart.referrers")}>
        {s?.referrers.length ? (
          <ReferrerBars counts={s.referrers} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
      {editing && link.data && (
        <ShortLinkModal
          link={link.data}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            link.setData(saved);
            message.success(t("common.saved"));
          }}
        />
      )}
    </>
  );
}
