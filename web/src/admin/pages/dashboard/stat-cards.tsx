import { Card, Col, Row, Statistic } from "antd";
import type { Dashboard } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import type { MessageKey } from "../../i18n/zh-cn";
import { useFormat } from "../../use-format";

export function StatCards({ dashboard, loading }: { dashboard: Dashboard | null; loading: boolean }) {
  const t = useT();
  const f = useFormat();
  const d = dashboard;
  const cards: { key: string; label: MessageKey; value: string }[] = [
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
  ];
  return (
    <Row gutter={[12, 12]}>
      {cards.map((card) => (
        <Col key={card.key} xs={12} md={8} xl={4}>
          <Card size="small" loading={loading && !d} data-testid={`stat-${card.key}`}>
            <Statistic title={t(card.label)} value={card.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
