import { Table, Typography } from "antd";
import type { ReactNode } from "react";
import type { LedgerEntry } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { useLocale } from "../../../i18n/locale-context";
import type { CursorList } from "../../../use-api";
import { useFormat } from "../../../use-format";

type Props = {
  list: CursorList<LedgerEntry>;
  /** Points as a count, stored value as money. */
  amount: (value: number) => string;
  emptyText: string;
  testId: string;
  /** An action on some entries (e.g. refunding a payment), shown in a last column when given. */
  action?: (entry: LedgerEntry) => ReactNode;
};

const signed = (text: string, value: number) => (value > 0 ? `+${text}` : text);

/** A wallet's ledger, newest first: the reason in the UI's language, the staff note, who did it. */
export function WalletEntriesTable({ list, amount, emptyText, testId, action }: Props) {
  const { t, locale } = useLocale();
  const f = useFormat();
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<LedgerEntry>
        size="small"
        rowKey="id"
        dataSource={list.items}
        loading={list.loading && list.items.length === 0}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText }}
        data-testid={testId}
        columns={[
          { title: t("wallet.entries.time"), key: "time", render: (_, e) => f.dateTime(e.createdAt) },
          {
            title: t("wallet.entries.reason"),
            key: "reason",
            render: (_, e) => (
              <>
                <div>{locale === "en" ? e.reason.en : e.reason.zh}</div>
                {e.note && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.note}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t("wallet.entries.amount"),
            key: "amount",
            align: "right",
            render: (_, e) => (
              <>
                <Typography.Text type={e.amount < 0 ? "danger" : "success"}>
                  {signed(amount(e.amount), e.amount)}
                </Typography.Text>
                {e.shortfall > 0 && (
                  <div>
                    <Typography.Text type="warning" style={{ fontSize: 12 }}>
                      {t("wallet.entries.shortfall", { amount: amount(e.shortfall) })}
                    </Typography.Text>
                  </div>
                )}
              </>
            ),
          },
          {
            title: t("wallet.entries.balanceAfter"),
            key: "after",
            align: "right",
            render: (_, e) => amount(e.balanceAfter),
          },
          {
            title: t("wallet.entries.actor"),
            key: "actor",
            responsive: ["md"],
            render: (_, e) => e.actor.name ?? t("wallet.entries.system"),
          },
          ...(action
            ? [
                {
                  title: t("common.actions"),
                  key: "action",
                  render: (_: unknown, e: LedgerEntry) => action(e),
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
