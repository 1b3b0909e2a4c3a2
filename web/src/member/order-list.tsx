import { DotLoading, ErrorBlock, InfiniteScroll } from "antd-mobile";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../shared/api";
import type { Order } from "../shared/api-types";
import { useI18n } from "./i18n";
import { useSignedInMember } from "./member-session";
import { OrderCard } from "./order-card";

/**
 * The member's orders, newest first, one page at a time as they scroll. The first page loads as the
 * list mounts, wherever it sits: InfiniteScroll only looks at its position when it renders or the page
 * scrolls, and the cards above the list change height as they load (skeletons, then content or nothing),
 * so it could see the list below the fold at that moment and never look again.
 */
export function OrderList() {
  const { api, setMember } = useSignedInMember();
  const { t } = useI18n();
  const [orders, setOrders] = useState<Order[]>([]);
  const [hasMore, setHasMore] = useState(true);
  const [firstPage, setFirstPage] = useState<"loading" | "failed" | "loaded">("loading");
  const [attempt, setAttempt] = useState(0);
  const cursor = useRef<string | null>(null);

  const fetchPage = useCallback(
    async (from: string | null) => {
      try {
        return await api.orders(from);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) setMember(null);
        throw error;
      }
    },
    [api, setMember],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's way to load again.
  useEffect(() => {
    let live = true;
    setFirstPage("loading");
    fetchPage(null).then(
      (page) => {
        if (!live) return;
        cursor.current = page.nextCursor;
        setOrders(page.data);
        setHasMore(page.nextCursor !== null);
        setFirstPage("loaded");
      },
      () => {
        if (live) setFirstPage("failed");
      },
    );
    return () => {
      live = false;
    };
  }, [fetchPage, attempt]);

  const loadMore = useCallback(async () => {
    const page = await fetchPage(cursor.current); // a failure shows InfiniteScroll's retry state
    cursor.current = page.nextCursor;
    setOrders((previous) => [...previous, ...page.data]);
    setHasMore(page.nextCursor !== null);
  }, [fetchPage]);

  return (
    <section className="qm-orders" aria-label={t("myOrders")}>
      {orders.map((order) => (
        <OrderCard key={order.id} order={order} />
      ))}
      {firstPage === "loaded" && orders.length === 0 ? (
        <ErrorBlock status="empty" title={t("noOrders")} description={t("noOrdersHint")} />
      ) : null}
      {firstPage === "loaded" ? (
        <InfiniteScroll loadMore={loadMore} hasMore={hasMore}>
          {(more, failed, retry) => (
            <ListFooter more={more} failed={failed} retry={retry} empty={orders.length === 0} />
          )}
        </InfiniteScroll>
      ) : (
        <div className="adm-infinite-scroll">
          <ListFooter
            more={firstPage === "loading"}
            failed={firstPage === "failed"}
            retry={() => setAttempt((n) => n + 1)}
            empty
          />
        </div>
      )}
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
