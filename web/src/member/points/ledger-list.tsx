import { DotLoading, ErrorBlock, InfiniteScroll, List } from "antd-mobile";
import { useCallback, useRef, useState } from "react";
import { ApiError } from "../../shared/api";
import type { MemberLedgerEntry } from "../../shared/api-types";
import { formatDateTime } from "../../shared/time";
import { useSignedInMember } from "../member-session";
import { fetchEntries, type MemberWallet } from "./member-wallet-api";
import { useWalletText } from "./use-wallet-text";

type Props = {
  wallet: MemberWallet;
  /** Points as a count, stored value as money. */
  amount: (value: number) => string;
  empty: { title: string; description: string };
};

/** A wallet's history, newest first, a page at a time as the member scrolls; reasons in their language. */
export function LedgerList({ wallet, amount, empty }: Props) {
  const { shop, setMember } = useSignedInMember();
  const { wt, locale } = useWalletText();
  const [entries, setEntries] = useState<MemberLedgerEntry[]>([]);
  const [hasMore, setHasMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const cursor = useRef<string | null>(null);

  const loadMore = useCallback(async () => {
    try {
      const page = await fetchEntries(shop.slug, wallet, cursor.current);
      cursor.current = page.nextCursor;
      setEntries((previous) => [...previous, ...page.data]);
      setHasMore(page.nextCursor !== null);
      setLoaded(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMember(null);
      throw error; // InfiniteScroll shows its retry state
    }
  }, [shop.slug, wallet, setMember]);

  return (
    <section className="qm-ledger" data-testid={`member-${wallet}-entries`}>
      {entries.length > 0 && (
        <List>
          {entries.map((entry) => (
            <List.Item
              key={entry.id}
              description={formatDateTime(entry.createdAt, shop.timeZone)}
              extra={
                <span className="qm-ledger-amount">
                  <span className={entry.amount < 0 ? "qm-ledger-out" : "qm-ledger-in"}>
                    {entry.amount > 0 ? "+" : ""}
                    {amount(entry.amount)}
                  </span>
                  <span className="qm-muted qm-ledger-after">
                    {wt("balanceAfter", { balance: amount(entry.balanceAfter) })}
                  </span>
                </span>
              }
            >
              {locale === "en" ? entry.reason.en : entry.reason.zh}
            </List.Item>
          ))}
        </List>
      )}
      {loaded && entries.length === 0 && (
        <ErrorBlock status="empty" title={empty.title} description={empty.description} />
      )}
      <InfiniteScroll loadMore={loadMore} hasMore={hasMore}>
        {(more, failed, retry) =>
          failed ? (
            <button type="button" className="qm-link-button" onClick={retry}>
              {wt("loadFailed")}
            </button>
          ) : more ? (
            <DotLoading />
          ) : null
        }
      </InfiniteScroll>
    </section>
  );
}
