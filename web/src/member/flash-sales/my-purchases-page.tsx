import { Button, DotLoading, ErrorBlock, InfiniteScroll, NavBar } from "antd-mobile";
import { useCallback, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { LanguageToggle } from "../language-toggle";
import { clockOffset } from "./countdown";
import type { MemberFlashPurchase } from "./flash-api";
import { useFlashText } from "./flash-messages";
import { PurchaseCard } from "./purchase-card";
import { useFlashApi, useServerNow } from "./use-flash";
import "./flash.css";

/** 我的抢购: newest first; an order awaiting payment shows its code and the time left to pay. */
export function MyFlashPurchasesPage() {
  const { ft } = useFlashText();
  const navigate = useNavigate();
  const location = useLocation();
  const highlight = (location.state as { highlight?: string } | null)?.highlight ?? null;
  const { api, signOutOn401 } = useFlashApi();
  const [purchases, setPurchases] = useState<MemberFlashPurchase[]>([]);
  const [hasMore, setHasMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [offsetMs, setOffsetMs] = useState(0);
  const cursor = useRef<string | null>(null);
  const now = useServerNow(offsetMs);

  const loadMore = useCallback(async () => {
    try {
      const page = await api.purchases(cursor.current);
      cursor.current = page.nextCursor;
      setOffsetMs(clockOffset(page.now, Date.now()));
      setPurchases((previous) => [...previous, ...page.data]);
      setHasMore(page.nextCursor !== null);
      setLoaded(true);
    } catch (error) {
      signOutOn401(error);
      throw error; // InfiniteScroll shows its retry state
    }
  }, [api, signOutOn401]);

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/flash-sales")}
        backIcon={ft("back")}
        right={<LanguageToggle />}
      >
        {ft("myPurchases")}
      </NavBar>
      {purchases.map((purchase) => (
        <PurchaseCard key={purchase.id} purchase={purchase} now={now} highlight={purchase.id === highlight} />
      ))}
      {loaded && purchases.length === 0 ? (
        <ErrorBlock status="empty" title={ft("noPurchases")} description={ft("noPurchasesHint")}>
          <Button color="primary" onClick={() => navigate("/flash-sales")}>
            {ft("goToSales")}
          </Button>
        </ErrorBlock>
      ) : null}
      <InfiniteScroll loadMore={loadMore} hasMore={hasMore}>
        {(more, failed, retry) =>
          failed ? (
            <button type="button" className="qm-link-button" onClick={retry}>
              {ft("retry")}
            </button>
          ) : more ? (
            <DotLoading />
          ) : null
        }
      </InfiniteScroll>
    </div>
  );
}
