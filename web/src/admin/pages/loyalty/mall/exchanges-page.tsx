import { Button, Empty, Input, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import type { ExchangeStatus, StaffMallExchange } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useCursorList } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { CancelExchangeModal } from "./cancel-exchange-modal";
import { ExchangeStatusTag } from "./exchange-status-tag";
import { groupCode, lastPickupMoment } from "./pickup-code";

const statuses: ExchangeStatus[] = ["awaiting_pickup", "verified", "cancelled", "expired"];

/** 兑换订单: every exchange, filtered by status, pickup code or member phone. */
export function ExchangesPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const [status, setStatus] = useState<ExchangeStatus | undefined>();
  const [code, setCode] = useState("");
  const [phone, setPhone] = useState("");
  const [query, setQuery] = useState<{ code?: string; phone?: string }>({});
  const list = useCursorList<StaffMallExchange>("/api/v1/mall/exchanges", { status, ...query }, 50);
  const [cancelling, setCancelling] = useState<StaffMallExchange | null>(null);
  const filtered = Boolean(status || query.code || query.phone);

  const search = () =>
    setQuery({
      code: code.replace(/[\s-]/g, "") || undefined,
      phone: phone.trim() || undefined,
    });

  return (
    <>
      <PageHeader
        title={t("mall.exchangesTitle")}
        extra={
          <>
            <Link to="/loyalty/mall">
              <Button>{t("mall.itemsTitle")}</Button>
            </Link>
            {can("mall:verify") && (
              <Link to="/loyalty/pickup">
                <Button type="primary">{t("mall.verifyTitle")}</Button>
              </Link>
            )}
          </>
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<ExchangeStatus>
          allowClear
          placeholder={t("mall.filter.status")}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={statuses.map((s) => ({ value: s, label: t(`mall.status.${s}`) }))}
          data-testid="exchange-status-filter"
        />
        <Input.Search
          allowClear
          placeholder={t("mall.filter.code")}
          style={{ width: 200 }}
          value={code}
          inputMode="numeric"
          onChange={(e) => setCode(e.target.value)}
          onSearch={search}
        />
        <Input.Search
          allowClear
          placeholder={t("mall.filter.phone")}
          style={{ width: 200 }}
          value={phone}
          inputMode="tel"
          onChange={(e) => setPhone(e.target.value)}
          onSearch={search}
        />
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<StaffMallExchange>
        rowKey="id"
        loading={list.loading && list.items.length === 0}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <Empty description={filtered ? t("mall.exchangesEmptyFiltered") : t("mall.exchangesEmpty")} />
          ),
        }}
        columns={[
          {
            title: t("mall.code"),
            dataIndex: "code",
            render: (v: string) => (
              <Typography.Text code style={{ whiteSpace: "nowrap" }}>
                {groupCode(v)}
              </Typography.Text>
            ),
          },
          {
            title: t("mall.item.name"),
            key: "item",
            render: (_, e) => `${e.itemName} × ${e.quantity}`,
          },
          {
            title: t("mall.member"),
            key: "member",
            render: (_, e) =>
              e.customer ? (
                <Link to={`/customers/${e.customer.id}`}>
                  {e.customer.name ?? "—"} {e.customer.phone ?? ""}
                </Link>
              ) : (
                "—"
              ),
          },
          {
            title: t("mall.points"),
            key: "points",
            render: (_, e) => (e.cashDue > 0 ? `${e.points} + ${f.money(e.cashDue)}` : e.points),
          },
          {
            title: t("mall.statusLabel"),
            dataIndex: "status",
            render: (s: ExchangeStatus) => <ExchangeStatusTag status={s} />,
          },
          { title: t("mall.exchangedAt"), dataIndex: "createdAt", render: (v: string) => f.dateTime(v) },
          {
            title: t("mall.handled"),
            key: "handled",
            render: (_, e) =>
              e.verifiedAt
                ? t("mall.verifiedLine", {
                    time: f.dateTime(e.verifiedAt),
                    by: e.verifiedBy?.name ?? "—",
                    store: e.verifiedStore?.name ?? "—",
                  })
                : e.cancelledAt
                  ? t("mall.cancelledLine", {
                      time: f.dateTime(e.cancelledAt),
                      by:
                        e.cancelledBy?.name ??
                        t(`mall.actor.${e.cancelledBy?.type === "member" ? "member" : "system"}`),
                      reason: e.cancelReason ?? "—",
                    })
                  : t("mall.pickupBy", { time: f.dateTime(lastPickupMoment(e.expiresAt)) }),
          },
          ...(can("wallet:write")
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, e: StaffMallExchange) =>
                    e.status === "awaiting_pickup" ? (
                      <Button size="small" danger onClick={() => setCancelling(e)}>
                        {t("mall.cancel.action")}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      {cancelling && (
        <CancelExchangeModal
          exchange={cancelling}
          onClose={() => setCancelling(null)}
          onCancelled={(updated) => {
            setCancelling(null);
            list.replaceItem(updated, (a, b) => a.id === b.id);
          }}
        />
      )}
    </>
  );
}
