import { Card, Descriptions, Table, Typography } from "antd";
import type { CustomerCategoryMetrics, CustomerMetrics } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

/** The customer's purchase metrics (kept current as orders and refunds arrive) and spend per category. */
export function CustomerMetricsCard({ metrics }: { metrics: CustomerMetrics }) {
  const t = useT();
  const f = useFormat();
  const m = metrics;
  return (
    <Card size="small" title={t("insight.metrics.title")} data-testid="customer-metrics">
      {m.orderCount === 0 ? (
        <Typography.Text type="secondary">{t("insight.metrics.none")}</Typography.Text>
      ) : (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: "orders", label: t("insight.metrics.orderCount"), children: m.orderCount },
              { key: "gross", label: t("insight.metrics.totalSpent"), children: f.money(m.totalSpent) },
              { key: "net", label: t("insight.metrics.netSpent"), children: f.money(m.netSpent) },
              { key: "aov", label: t("insight.metrics.aov"), children: f.money(m.averageOrderValue) },
              {
                key: "first",
                label: t("insight.metrics.firstOrderAt"),
                children: f.dateTime(m.firstOrderAt),
              },
              { key: "last", label: t("insight.metrics.lastOrderAt"), children: f.dateTime(m.lastOrderAt) },
              {
                key: "since",
                label: t("insight.metrics.daysSince"),
                children:
                  m.daysSinceLastOrder === null
                    ? "—"
                    : t("insight.metrics.days", { days: m.daysSinceLastOrder }),
              },
              { key: "stores", label: t("insight.metrics.storesVisited"), children: m.storesVisited },
              {
                key: "favourite",
                label: t("insight.metrics.favourite"),
                children: m.favouriteCategory ?? "—",
              },
            ].map((item) => ({
              ...item,
              children: <span data-testid={`metric-${item.key}`}>{item.children}</span>,
            }))}
          />
          {m.categories.length > 0 && (
            <Table<CustomerCategoryMetrics>
              size="small"
              style={{ marginTop: 8 }}
              title={() => t("insight.metrics.categories")}
              rowKey="category"
              pagination={m.categories.length > 10 ? { pageSize: 10, size: "small" } : false}
              dataSource={m.categories}
              scroll={{ x: true }}
              columns={[
                { title: t("insight.metrics.category"), dataIndex: "category" },
                { title: t("insight.metrics.categoryOrders"), dataIndex: "orderCount", align: "right" },
                {
                  title: t("insight.metrics.categorySpent"),
                  dataIndex: "spent",
                  align: "right",
                  render: (v: number) => f.money(v),
                },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
