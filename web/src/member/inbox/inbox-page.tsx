import { Badge, Button, DotLoading, ErrorBlock, InfiniteScroll, NavBar } from "antd-mobile";
import { useCallback, useRef, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { formatDateTime } from "../../shared/time";
import { LanguageToggle } from "../language-toggle";
import type { InboxMessage } from "./inbox-api";
import { useInboxText } from "./inbox-messages";
import { useInboxApi } from "./use-inbox";
import "./inbox.css";

/** 消息: delivered messages, newest first; unread ones are marked until opened. */
export function InboxPage() {
  const { it } = useInboxText();
  const navigate = useNavigate();
  const { api, signOutOn401, timeZone } = useInboxApi();
  const [items, setItems] = useState<InboxMessage[]>([]);
  const [unread, setUnread] = useState(0);
  const [hasMore, setHasMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const cursor = useRef<string | null>(null);

  const loadMore = useCallback(async () => {
    try {
      const page = await api.list(cursor.current);
      cursor.current = page.nextCursor;
      setItems((previous) => [...previous, ...page.data]);
      setUnread(page.unread);
      setHasMore(page.nextCursor !== null);
      setLoaded(true);
    } catch (error) {
      signOutOn401(error);
      throw error;
    }
  }, [api, signOutOn401]);

  async function readAll() {
    try {
      await api.markAllRead();
      const now = new Date().toISOString();
      setItems((previous) => previous.map((m) => ({ ...m, readAt: m.readAt ?? now })));
      setUnread(0);
    } catch (error) {
      signOutOn401(error);
    }
  }

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={it("back")}
        right={<LanguageToggle />}
      >
        {it("inbox")}
      </NavBar>
      {unread > 0 ? (
        <div className="qm-inbox-toolbar">
          <span className="qm-muted">{it("unread", { count: unread })}</span>
          <button type="button" className="qm-link-button" onClick={readAll} data-testid="inbox-read-all">
            {it("readAll")}
          </button>
        </div>
      ) : null}
      <ul className="qm-inbox-list" data-testid="inbox-list">
        {items.map((m) => (
          <li key={m.id}>
            <Link to={`/inbox/${m.id}`} className="qm-inbox-item" data-testid="inbox-item">
              <span className="qm-inbox-item-head">
                <span className="qm-inbox-title">
                  {m.readAt ? null : <Badge content={Badge.dot} className="qm-inbox-dot" />}
                  {m.title}
                </span>
                <span className={`qm-inbox-kind qm-inbox-kind-${m.category}`}>{it(m.category)}</span>
              </span>
              <span className="qm-inbox-body">{m.body}</span>
              <span className="qm-muted qm-inbox-time">{formatDateTime(m.deliveredAt, timeZone)}</span>
            </Link>
          </li>
        ))}
      </ul>
      {loaded && items.length === 0 ? (
        <ErrorBlock status="empty" title={it("noMessages")} description={it("noMessagesHint")}>
          <Button onClick={() => navigate("/")}>{it("back")}</Button>
        </ErrorBlock>
      ) : null}
      <InfiniteScroll loadMore={loadMore} hasMore={hasMore}>
        {(more, failed, retry) =>
          failed ? (
            <button type="button" className="qm-link-button" onClick={retry}>
              {it("retry")}
            </button>
          ) : more ? (
            <DotLoading />
          ) : null
        }
      </InfiniteScroll>
    </div>
  );
}
