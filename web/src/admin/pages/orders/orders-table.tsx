import { type Breakpoint, Table } from "antd";
import { Link } from "react-router-dom";
import type { Order } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";
import { OrderItemsTable } from "./order-items-table";
import { OrderStatusTag } from "./order-status-tag";

type Props = {
  orders: Order[];
  loading: boolean;
  showCustomer?: boolean;
  onOpen?: (order: Order) => void;
};

const md: Breakpoint[] = ["md"];

/** Orders with their lines one click away (expandable rows); on a phone only number, total and status. */
export function OrdersTable({ orders, loading, showCustomer = true, onOpen }: Props) {
  const t = useT();
  const f = useFormat();
  return (
    <Table<Order>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={orders}
      pagination={false}
      scroll={{ x: "max-content" }}
      expandable={{ expandedRowRender: (order) => <OrderItemsTable items={order.items} /> }}
      columns={[
        {
          title: t("order.externalId"),
          dataIndex: "externalId",
          render: (v: string, order) =>
            onOpen ? (
              <a
                onClick={(event) => {
                  event.preventDefault();
                  onOpen(order);
                }}
                href={`/admin/orders/${order.id}`}
              >
                {v}
              </a>
            ) : (
              <Link to={`/orders/${order.id}`}>{v}</Link>
            ),
        },
        {
          title: t("order.placedAt"),
          dataIndex: "placedAt",
          render: (v: string) => f.dateTime(v),
          responsive: md,
        },
        ...(showCustomer
          ? [
              {
                title: t("order.customer"),
                key: "customer",
                responsive: md,
                render: (_: unknown, order: Order) =>
                  order.customer ? (
                    <Link to={`/customers/${order.customer.id}`}>
                      {order.customer.name || order.customer.phone || t("customer.unnamed")}
                    </Link>
                  ) : (
                    t("order.guest")
                  ),
              },
            ]
          : []),
        {
          title: t("order.store"),
          key: "store",
          render: (_, order) => order.store?.name ?? "",
          responsive: md,
        },
        { title: t("order.itemCount"), dataIndex: "itemCount", align: "right", responsive: md },
        { title: t("order.total"), dataIndex: "total", align: "right", render: (v: number) => f.money(v) },
        {
          title: t("order.refunded"),
          dataIndex: "refundedAmount",
          align: "right",
          responsive: md,
          render: (v: number) => (v > 0 ? f.money(v) : ""),
        },
        {
          title: t("order.status"),
          dataIndex: "status",
          render: (s: Order["status"]) => <OrderStatusTag status={s} />,
        },
      ]}
    />
  );
}
