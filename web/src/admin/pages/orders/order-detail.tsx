import { RollbackOutlined } from "@ant-design/icons";
import { App, Button, Descriptions, Empty, Flex, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import type { Order } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useFormat } from "../../use-format";
import { OrderItemsTable } from "./order-items-table";
import { OrderStatusTag } from "./order-status-tag";
import { RefundModal } from "./refund-modal";
import { RefundsTable } from "./refunds-table";

/** One order: header facts, lines, refunds and the refund action; shared by the drawer and the order page. */
export function OrderDetail({ order, onChange }: { order: Order; onChange: (order: Order) => void }) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const { message } = App.useApp();
  const [refunding, setRefunding] = useState(false);
  const fullyRefunded = order.status === "refunded" || order.status === "cancelled";

  return (
    <>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t("order.externalId")}>{order.externalId}</Descriptions.Item>
        <Descriptions.Item label={t("order.status")}>
          <OrderStatusTag status={order.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t("order.placedAt")}>{f.dateTime(order.placedAt)}</Descriptions.Item>
        <Descriptions.Item label={t("order.customer")}>
          {order.customer ? (
            <Link to={`/customers/${order.customer.id}`}>
              {order.customer.name || order.customer.phone || t("customer.unnamed")}
            </Link>
          ) : (
            t("order.guest")
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t("order.store")}>{order.store?.name ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("order.source")}>{order.source ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("order.subtotal")}>{f.money(order.subtotal)}</Descriptions.Item>
        <Descriptions.Item label={t("order.discount")}>{f.money(order.discount)}</Descriptions.Item>
        <Descriptions.Item label={t("order.total")}>
          <b>{f.money(order.total)}</b>
        </Descriptions.Item>
        <Descriptions.Item label={t("order.refunded")}>{f.money(order.refundedAmount)}</Descriptions.Item>
        {order.note && <Descriptions.Item label={t("customer.note")}>{order.note}</Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={5}>{t("order.items")}</Typography.Title>
      <OrderItemsTable items={order.items} />
      <Flex justify="space-between" align="center" style={{ margin: "16px 0 8px" }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("order.refunds")}
        </Typography.Title>
        {can("orders:refund") && (
          <Button
            danger
            icon={<RollbackOutlined />}
            disabled={fullyRefunded}
            onClick={() => setRefunding(true)}
          >
            {t("refund.action")}
          </Button>
        )}
      </Flex>
      {order.refunds.length === 0 ? (
        <Empty description={t("order.noRefunds")} />
      ) : (
        <RefundsTable refunds={order.refunds} />
      )}
      <RefundModal
        order={order}
        open={refunding}
        onClose={() => setRefunding(false)}
        onRefunded={(updated) => {
          setRefunding(false);
          message.success(t("refund.done"));
          onChange(updated);
        }}
      />
    </>
  );
}
