import { App, Button, Empty, Input, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../../../../shared/api";
import type { FlashPurchaseStatus, FlashSaleList, FlashSalePurchase } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useCursorList, useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";

const statuses: FlashPurchaseStatus[] = ["held", "confirmed", "released"];
const statusColor = { held: "gold", confirmed: "green", released: "default" } as const;

/** "123456789012" → "1234 5678 9012", as the member's page shows it. */
const groupCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ");

/** A fresh key per click: a double click or a retry of the same click settles once. */
function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** 抢购订单: purchases holding stock until paid; staff confirm payment or cancel to give the units back. */
export function FlashPurchasesPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const settleAllowed = can("checkout:write");
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [params] = useSearchParams();
  const [saleId, setSaleId] = useState<string | undefined>(params.get("saleId") ?? undefined);
  const [status, setStatus] = useState<FlashPurchaseStatus | undefined>();
  const [code, setCode] = useState("");
  const [query, setQuery] = useState<{ code?: string }>({});
  const sales = useGet<FlashSaleList>("/api/v1/flash-sales");
  const list = useCursorList<FlashSalePurchase>(
    "/api/v1/flash-sales/purchases",
    { saleId, status, ...query },
    50,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const filtered = Boolean(saleId || status || query.code);

  async function settle(purchase: FlashSalePurchase, action: "confirm" | "cancel") {
    setBusy(`${purchase.id}/${action}`);
    try {
      const updated = await api.post<FlashSalePurchase>(
        `/api/v1/flash-sales/purchases/${purchase.id}/${action}`,
        undefined,
        { headers: { "idempotency-key": newKey() } },
      );
      list.replaceItem(updated, (a, b) => a.id === b.id);
      message.success(t(action === "confirm" ? "flash.confirmed" : "flash.cancelled"));
    } catch (cause) {
      notifyError(cause);
      list.reload();
    } finally {
      setBusy(null);
    }
  }

  const handled = (p: FlashSalePurchase) => {
    if (p.status === "confirmed")
      return t("flash.confirmedLine", { time: f.dateTime(p.confirmedAt), by: p.settledBy?.name ?? "—" });
    if (p.status === "released")
      return p.releaseReason === "expired"
        ? t("flash.expiredLine", { time: f.dateTime(p.releasedAt) })
        : t("flash.cancelledLine", { time: f.dateTime(p.releasedAt), by: p.settledBy?.name ?? "—" });
    return Date.parse(p.holdUntil) <= Date.now()
      ? t("flash.holdPassed", { time: f.dateTime(p.holdUntil) })
      : t("flash.payBy", { time: f.dateTime(p.holdUntil) });
  };

  return (
    <>
      <PageHeader
        title={t("flash.purchasesTitle")}
        extra={
          <Link to="/promotions/flash-sales">
            <Button>{t("flash.title")}</Button>
          </Link>
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<string>
          allowClear
          placeholder={t("flash.filter.sale")}
          style={{ width: 220 }}
          value={saleId}
          onChange={setSaleId}
          options={(sales.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select<FlashPurchaseStatus>
          allowClear
          placeholder={t("flash.filter.status")}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={statuses.map((s) => ({ value: s, label: t(`flash.status.${s}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t("flash.filter.code")}
          style={{ width: 220 }}
          value={code}
          inputMode="numeric"
          onChange={(e) => setCode(e.target.value)}
          onSearch={() => setQuery({ code: code.replace(/[\s-]/g, "") || undefined })}
        />
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<FlashSalePurchase>
        rowKey="id"
        loading={list.loading && list.items.length === 0}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <Empty description={filtered ? t("flash.purchasesEmptyFiltered") : t("flash.purchasesEmpty")} />
          ),
        }}
        columns={[
          {
            title: t("flash.code"),
            dataIndex: "code",
            render: (v: string) => (
              <Typography.Text code style={{ whiteSpace: "nowrap" }}>
                {groupCode(v)}
              </Typography.Text>
            ),
          },
          {
            title: t("flash.sale"),
            key: "sale",
            render: (_, p) => `${p.saleName} · ${p.itemName} × ${p.quantity}`,
          },
          {
            title: t("flash.member"),
            key: "member",
            render: (_, p) =>
              p.customer ? (
                <Link to={`/customers/${p.customer.id}`}>
                  {p.customer.name ?? "—"} {p.customer.phone ?? ""}
                </Link>
              ) : (
                "—"
              ),
          },
          { title: t("flash.amount"), dataIndex: "amount", render: (v: number) => f.money(v) },
          {
            title: t("flash.statusLabel"),
            dataIndex: "status",
            render: (s: FlashPurchaseStatus) => <Tag color={statusColor[s]}>{t(`flash.status.${s}`)}</Tag>,
          },
          { title: t("flash.boughtAt"), dataIndex: "createdAt", render: (v: string) => f.dateTime(v) },
          { title: t("flash.handled"), key: "handled", render: (_, p) => handled(p) },
          ...(settleAllowed
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  fixed: "right" as const,
                  width: 200,
                  render: (_: unknown, p: FlashSalePurchase) =>
                    p.status === "held" ? (
                      <Space>
                        <Button
                          size="small"
                          type="primary"
                          loading={busy === `${p.id}/confirm`}
                          disabled={busy !== null}
                          onClick={() => settle(p, "confirm")}
                          data-testid="flash-confirm"
                        >
                          {t("flash.confirm")}
                        </Button>
                        <Popconfirm title={t("flash.cancelConfirm")} onConfirm={() => settle(p, "cancel")}>
                          <Button
                            size="small"
                            danger
                            loading={busy === `${p.id}/cancel`}
                            disabled={busy !== null}
                          >
                            {t("flash.cancel")}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
