import { Card, Col, Row, Statistic } from "antd";
import type { CustomerSummary as Summary } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

export function CustomerSummary({ summary }: { summary: Summary }) {
  const t = useT();
  const f = useFormat();
  const stats = [
    { key: "orders", title: t("customer.orderCount"), value: String(summary.orderCount) },
    { key: "spent", title: t("customer.totalSpent"), value: f.money(summary.totalSpent) },
    { key: "refunded", title: t("customer.refundedAmount"), value: f.money(summary.refundedAmount) },
    { key: "last", title: t("customer.lastOrderAt"), value: f.date(summary.lastOrderAt) },
  ];
  return (
    <Row gutter={[12, 12]}>
      {stats.map((stat) => (
        <Col key={stat.key} xs={12} md={6}>
          <Card size="small" data-testid={`summary-${stat.key}`}>
            <Statistic title={stat.title} value={stat.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
