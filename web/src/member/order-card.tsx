import { Tag } from "antd-mobile";
import type { Order, OrderStatus } from "../shared/api-types";
import { formatMoney } from "../shared/money";
import { formatDateTime } from "../shared/time";
import { useI18n } from "./i18n";
import { useMemberSession } from "./member-session";
import type { MessageKey } from "./messages";

const statusLabel: Record<OrderStatus, MessageKey> = {
  completed: "statusCompleted",
  partially_refunded: "statusPartiallyRefunded",
  refunded: "statusRefunded",
  cancelled: "statusCancelled",
};

const statusColor: Record<OrderStatus, string> = {
  completed: "success",
  partially_refunded: "warning",
  refunded: "default",
  cancelled: "default",
};

export function OrderCard({ order }: { order: Order }) {
  const { shop } = useMemberSession();
  const { t } = useI18n();
  const money = (fen: number) => formatMoney(fen, order.currency);
  const itemCount = order.items.reduce((sum, item) => sum + item.quantity, 0);

  return (
    <article className="qm-card qm-order" data-testid="order-card" data-order-id={order.externalId}>
      <div className="qm-order-head">
        <div>
          <div className="qm-order-store">{order.store?.name ?? shop.name}</div>
          <time className="qm-muted" dateTime={order.placedAt}>
            {formatDateTime(order.placedAt, shop.timeZone)}
          </time>
        </div>
        <Tag color={statusColor[order.status]} fill="outline">
          {t(statusLabel[order.status])}
        </Tag>
      </div>
      <ul className="qm-order-items">
        {order.items.map((item) => (
          <li key={item.lineNo} className="qm-order-item">
            <span className="qm-item-name">{item.name}</span>
            {item.refundedQuantity > 0 ? (
              <span className="qm-item-refund">{t("itemRefunded", { count: item.refundedQuantity })}</span>
            ) : null}
            <span className="qm-item-qty">×{item.quantity}</span>
            <span className="qm-item-total">{money(item.total)}</span>
          </li>
        ))}
      </ul>
      <div className="qm-order-foot">
        <span className="qm-muted">
          {t("orderNo")} {order.externalId}
        </span>
        <span>
          <span className="qm-muted">{t("itemCount", { count: itemCount })} </span>
          {t("total")} <strong className="qm-order-total">{money(order.total)}</strong>
        </span>
      </div>
      {order.discount > 0 ? (
        <div className="qm-order-note qm-muted">
          {t("discount")} -{money(order.discount)}
        </div>
      ) : null}
      {order.refundedAmount > 0 ? (
        <div className="qm-order-note qm-refunded">
          {t("refunded")} {money(order.refundedAmount)}
        </div>
      ) : null}
    </article>
  );
}
