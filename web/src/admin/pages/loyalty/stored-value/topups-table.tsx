import { Button, Popconfirm, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../../shared/api";
import type { StoredValueTopup } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import type { CursorList } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { useSubmissionKey } from "../points/idempotency-key";

type Props = {
  list: CursorList<StoredValueTopup>;
  storeName: (id: string) => string;
  canRefund: boolean;
  onRefunded: () => void;
};

/** A customer's top-ups with their bonus; a refund gives the principal back and withdraws the bonus. */
export function TopupsTable({ list, storeName, canRefund, onRefunded }: Props) {
  const t = useT();
  const f = useFormat();
  const notifyError = useNotifyError();
  const submission = useSubmissionKey();
  const [refunding, setRefunding] = useState<string | null>(null);

  const refund = async (topup: StoredValueTopup) => {
    setRefunding(topup.id);
    try {
      await api.post(
        `/api/v1/stored-value/topups/${encodeURIComponent(topup.id)}/refund`,
        {},
        {
          headers: { "idempotency-key": submission.keyFor({ refund: topup.id }) },
        },
      );
      submission.settle();
      onRefunded();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setRefunding(null);
    }
  };
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<StoredValueTopup>
        size="small"
        rowKey="id"
        dataSource={list.items}
        loading={list.loading && list.items.length === 0}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("wallet.sv.noTopups") }}
        data-testid="topups"
        columns={[
          { title: t("wallet.entries.time"), key: "time", render: (_, r) => f.dateTime(r.createdAt) },
          {
            title: t("wallet.sv.topup.amount"),
            key: "amount",
            align: "right",
            render: (_, r) => f.money(r.amount),
          },
          {
            title: t("wallet.sv.bonus"),
            key: "bonus",
            align: "right",
            render: (_, r) => (r.bonus > 0 ? f.money(r.bonus) : "—"),
          },
          {
            title: t("wallet.sv.topup.method"),
            key: "method",
            render: (_, r) => (
              <>
                <div>{t(`wallet.sv.method.${r.paymentMethod}`)}</div>
                {(r.storeId || r.reference) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[r.storeId && storeName(r.storeId), r.reference].filter(Boolean).join(" · ")}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t("wallet.entries.actor"),
            key: "actor",
            responsive: ["md"],
            render: (_, r) => r.actorName ?? t("wallet.entries.system"),
          },
          {
            title: t("wallet.sv.status"),
            key: "status",
            render: (_, r) =>
              r.status === "refunded" ? (
                <Tooltip title={t("wallet.sv.refundedAt", { time: f.dateTime(r.refundedAt) })}>
                  <Tag>{t("wallet.sv.refundedTag")}</Tag>
                </Tooltip>
              ) : (
                <Tag color="success">{t("wallet.sv.completed")}</Tag>
              ),
          },
          ...(canRefund
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, r: StoredValueTopup) =>
                    r.status === "completed" && (
                      <Popconfirm
                        title={t("wallet.sv.refundConfirm", {
                          amount: f.money(r.amount),
                          bonus: f.money(r.bonus),
                        })}
                        onConfirm={() => refund(r)}
                      >
                        <Button
                          size="small"
                          type="link"
                          danger
                          loading={refunding === r.id}
                          data-testid="refund-topup"
                        >
                          {t("wallet.sv.refund")}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
