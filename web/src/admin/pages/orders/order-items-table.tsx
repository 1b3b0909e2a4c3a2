import { Table } from "antd";
import type { OrderItem } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

export function OrderItemsTable({ items }: { items: OrderItem[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table<OrderItem>
      size="small"
      rowKey="lineNo"
      pagination={false}
      dataSource={items}
      scroll={{ x: 640 }}
      columns={[
        { title: "#", dataIndex: "lineNo", width: 48 },
        { title: t("order.sku"), dataIndex: "sku" },
        { title: t("order.itemName"), dataIndex: "name" },
        { title: t("order.category"), dataIndex: "category" },
        { title: t("order.quantity"), dataIndex: "quantity", align: "right" },
        {
          title: t("order.unitPrice"),
          dataIndex: "unitPrice",
          align: "right",
          render: (v: number) => f.money(v),
        },
        {
          title: t("order.discount"),
          dataIndex: "discount",
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
