import { Button, DotLoading, ErrorBlock, InfiniteScroll, NavBar } from "antd-mobile";
import { useCallback, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import type { MallExchange } from "../../shared/api-types";
import { LanguageToggle } from "../language-toggle";
import { ExchangeCard } from "./exchange-card";
import { useMallText } from "./mall-messages";
import { useMallApi } from "./use-mall";
import "./mall.css";

/** 我的兑换: newest first, each awaiting one with its pickup code. */
export function MyExchangesPage() {
  const { mt } = useMallText();
  const navigate = useNavigate();
  const location = useLocation();
  const highlight = (location.state as { highlight?: string } | null)?.highlight ?? null;
  const { api, signOutOn401 } = useMallApi();
  const [exchanges, setExchanges] = useState<MallExchange[]>([]);
  const [hasMore, setHasMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const cursor = useRef<string | null>(null);

  const loadMore = useCallback(async () => {
    try {
      const page = await api.exchanges(cursor.current);
      cursor.current = page.nextCursor;
      setExchanges((previous) => [...previous, ...page.data]);
      setHasMore(page.nextCursor !== null);
      setLoaded(true);
    } catch (error) {
      signOutOn401(error);
      throw error; // InfiniteScroll shows its retry state
    }
  }, [api, signOutOn401]);

  const replace = (changed: MallExchange) =>
    setExchanges((previous) => previous.map((e) => (e.id === changed.id ? changed : e)));

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/mall")}
        backIcon={mt("back")}
        right={<LanguageToggle />}
      >
        {mt("myExchanges")}
      </NavBar>
      {exchanges.map((exchange) => (
        <ExchangeCard
          key={exchange.id}
          exchange={exchange}
          highlight={exchange.id === highlight}
          onChange={replace}
        />
      ))}
      {loaded && exchanges.length === 0 ? (
        <ErrorBlock status="empty" title={mt("noExchanges")} description={mt("noExchangesHint")}>
          <Button color="primary" onClick={() => navigate("/mall")}>
            {mt("goToMall")}
          </Button>
        </ErrorBlock>
      ) : null}
      <InfiniteScroll loadMore={loadMore} hasMore={hasMore}>
        {(more, failed, retry) =>
          failed ? (
            <button type="button" className="qm-link-button" onClick={retry}>
              {mt("retry")}
            </button>
          ) : more ? (
            <DotLoading />
          ) : null
        }
      </InfiniteScroll>
    </div>
  );
}
