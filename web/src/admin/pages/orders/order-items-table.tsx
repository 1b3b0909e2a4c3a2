import { type Breakpoint, Table } from "antd";
import type { OrderItem } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

// On a phone: product, quantity, amount and what was refunded; the rest from sm up.
const sm: Breakpoint[] = ["sm"];

export function OrderItemsTable({ items }: { items: OrderItem[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table<OrderItem>
      size="small"
      rowKey="lineNo"
      pagination={false}
      dataSource={items}
      scroll={{ x: "max-content" }}
      columns={[
        { title: "#", dataIndex: "lineNo", width: 48 },
        { title: t("order.sku"), dataIndex: "sku", responsive: sm },
        { title: t("order.itemName"), dataIndex: "name" },
        { title: t("order.category"), dataIndex: "category", responsive: sm },
        { title: t("order.quantity"), dataIndex: "quantity", align: "right" },
        {
          title: t("order.unitPrice"),
          dataIndex: "unitPrice",
          responsive: sm,
          align: "right",
          render: (v: number) => f.money(v),
        },
        {
          title: t("order.discount"),
          dataIndex: "discount",
          responsive: sm,
          align: "right",
          render: (v: number) => f.money(v),
        },
        {
          title: t("order.lineTotal"),
          dataIndex: "total",
          align: "right",
          render: (v: number) => f.money(v),
        },
        {
          title: t("order.refunded"),
          key: "refunded",
          align: "right",
          render: (_, item) =>
            item.refundedQuantity > 0 ? `${item.refundedQuantity} / ${f.money(item.refundedAmount)}` : "",
        },
      ]}
    />
  );
}
