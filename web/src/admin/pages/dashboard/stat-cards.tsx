import { InfoCircleOutlined } from "@ant-design/icons";
import { Card, Col, Row, Statistic, Tooltip } from "antd";
import type { Dashboard } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import type { MessageKey } from "../../i18n/zh-cn";
import { useFormat } from "../../use-format";

export function StatCards({ dashboard, loading }: { dashboard: Dashboard | null; loading: boolean }) {
  const t = useT();
  const f = useFormat();
  const d = dashboard;
  const cards: { key: string; label: MessageKey; value: string; help?: string | null }[] = [
    { key: "customers", label: "dashboard.customers", value: d ? d.customers.toLocaleString() : "—" },
    {
      key: "newCustomers",
      label: "dashboard.newCustomers",
      value: d ? d.newCustomers.toLocaleString() : "—",
    },
    { key: "orders", label: "dashboard.orders", value: d ? d.orders.toLocaleString() : "—" },
    { key: "gmv", label: "dashboard.gmv", value: d ? f.money(d.gmv) : "—" },
    { key: "aov", label: "dashboard.aov", value: d ? f.money(d.averageOrderValue) : "—" },
    { key: "repurchase", label: "dashboard.repurchaseRate", value: d ? f.percent(d.repurchaseRate) : "—" },
    {
      key: "activeRate",
      label: "insight.dash.activeRate",
      value: d ? f.percent(d.activity.activeRate) : "—",
      help:
        d &&
        t("insight.dash.activeRateHelp", {
          active: d.activity.activeCustomers,
          live: d.activity.liveCustomers,
          date: d.to,
        }),
    },
    {
      key: "repurchase30",
      label: "insight.dash.repurchase30",
      value: d ? f.percent(d.activity.repurchaseRate) : "—",
      help:
        d &&
        t("insight.dash.repurchase30Help", {
          active: d.activity.activeCustomers,
          repeat: d.activity.repeatCustomers,
        }),
    },
  ];
  return (
    <Row gutter={[12, 12]}>
      {cards.map((card) => (
        <Col key={card.key} xs={12} md={6} xl={3}>
          <Card size="small" loading={loading && !d} data-testid={`stat-${card.key}`}>
            <Statistic
              title={
                card.help ? (
                  <Tooltip title={card.help}>
                    {t(card.label)} <InfoCircleOutlined />
                  </Tooltip>
                ) : (
                  t(card.label)
                )
              }
              value={card.value}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
