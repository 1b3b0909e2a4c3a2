import { Empty } from "antd";
import type { Order } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { useT } from "../../i18n/locale-context";
import type { CursorList } from "../../use-api";
import { OrdersTable } from "../orders/orders-table";
import { type RefundRow, RefundsTable } from "../orders/refunds-table";

export function CustomerOrders({ list }: { list: CursorList<Order> }) {
  if (!list.loading && !list.error && list.items.length === 0) return <Empty />;
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <OrdersTable orders={list.items} loading={list.loading} showCustomer={false} />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}

/** The customer's refunds, gathered from the orders loaded so far. */
export function CustomerRefunds({ list }: { list: CursorList<Order> }) {
  const t = useT();
  const refunds: RefundRow[] = list.items.flatMap((order) =>
    order.refunds.map((refund) => ({ ...refund, orderId: order.id, orderExternalId: order.externalId })),
  );
  if (refunds.length === 0) return <Empty description={t("order.noRefunds")} />;
  return <RefundsTable refunds={refunds} showOrder />;
}
