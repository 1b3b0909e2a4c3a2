import { DotLoading, ErrorBlock, InfiniteScroll } from "antd-mobile";
import { useCallback, useRef, useState } from "react";
import { ApiError } from "../shared/api";
import type { Order } from "../shared/api-types";
import { useI18n } from "./i18n";
import { useSignedInMember } from "./member-session";
import { OrderCard } from "./order-card";

/** The member's orders, newest first, one page at a time as they scroll. */
export function OrderList() {
  const { api, setMember } = useSignedInMember();
  const { t } = useI18n();
  const [orders, setOrders] = useState<Order[]>([]);
  const [hasMore, setHasMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const cursor = useRef<string | null>(null);

  const loadMore = useCallback(async () => {
    try {
      const page = await api.orders(cursor.current);
      cursor.current = page.nextCursor;
      setOrders((previous) => [...previous, ...page.data]);
      setHasMore(page.nextCursor !== null);
      setLoaded(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMember(null);
      throw error; // InfiniteScroll shows its retry state
    }
  }, [api, setMember]);

  return (
    <section className="qm-orders" aria-label={t("myOrders")}>
      {orders.map((order) => (
        <OrderCard key={order.id} order={order} />
      ))}
      {loaded && orders.length === 0 ? (
        <ErrorBlock status="empty" title={t("noOrders")} description={t("noOrdersHint")} />
      ) : null}
      <InfiniteScroll loadMore={loadMore} hasMore={hasMore}>
        {(more, failed, retry) => (
          <ListFooter more={more} failed={failed} retry={retry} empty={orders.length === 0} />
        )}
      </InfiniteScroll>
    </section>
  );
}

function ListFooter({
  more,
  failed,
  retry,
  empty,
}: {
  more: boolean;
  failed: boolean;
  retry(): void;
  empty: boolean;
}) {
  const { t } = useI18n();
  if (failed) {
    return (
      <button type="button" className="qm-link-button" onClick={retry}>
        {t("loadMoreFailed")}
      </button>
    );
  }
  if (more) {
    return (
      <span className="qm-muted">
        {t("loadingMore")}
        <DotLoading />
      </span>
    );
  }
  return empty ? null : <span className="qm-muted">{t("noMore")}</span>;
}
