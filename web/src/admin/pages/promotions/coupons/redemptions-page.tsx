import { RollbackOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  DatePicker,
  Empty,
  Flex,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../../../../shared/api";
import type {
  CouponTemplate,
  List,
  Redemption,
  RedemptionStatus,
  RedemptionSummary,
} from "../../../../shared/api-types";
import { endOfDayIso, startOfDayIso } from "../../../../shared/time";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useCursorList, useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { newIdempotencyKey } from "../../loyalty/points/idempotency-key";
import { useCouponPickers } from "./use-coupon-pickers";

type RedemptionFilters = {
  customerId?: string;
  templateId?: string;
  storeId?: string;
  from?: string;
  to?: string;
};

/** 核销记录: each redemption's coupons and discount; staff who may check out can roll one back. */
export function RedemptionsPage() {
  const t = useT();
  const f = useFormat();
  const navigate = useNavigate();
  const can = useCan();
  const pickers = useCouponPickers();
  const [status, setStatus] = useState<RedemptionStatus | undefined>(undefined);
  const [filters, setFilters] = useState<RedemptionFilters>({});
  const [rollingBack, setRollingBack] = useState<RedemptionSummary | null>(null);
  const templates = useGet<List<CouponTemplate>>("/api/v1/coupon-templates");
  const list = useCursorList<RedemptionSummary>("/api/v1/redemptions", { status, ...filters });
  const filter = (change: RedemptionFilters) => setFilters((current) => ({ ...current, ...change }));

  return (
    <>
      <PageHeader
        title={t("coupons.redemptions.title")}
        extra={<Button onClick={() => navigate("/promotions/coupons")}>{t("coupons.backToList")}</Button>}
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select<RedemptionStatus>
          allowClear
          placeholder={t("coupons.redemptions.allStatuses")}
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          data-testid="redemption-status-filter"
          options={(["redeemed", "rolled_back"] as const).map((s) => ({
            value: s,
            label: t(`coupons.redemption.${s}`),
          }))}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("coupons.redemptions.allTemplates")}
          style={{ width: 200 }}
          data-testid="redemption-template-filter"
          onChange={(templateId) => filter({ templateId })}
          options={(templates.data?.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
        />
        <Select<string>
          allowClear
          placeholder={t("coupons.redemptions.allStores")}
          style={{ width: 180 }}
          data-testid="redemption-store-filter"
          onChange={(storeId) => filter({ storeId })}
          options={pickers.stores}
        />
        <DatePicker.RangePicker
          data-testid="redemption-dates"
          onChange={(range) => {
            const [from, to] = range ?? [];
            filter({
              from: from ? startOfDayIso(from.format("YYYY-MM-DD"), f.timeZone) : undefined,
              to: to ? endOfDayIso(to.format("YYYY-MM-DD"), f.timeZone) : undefined,
            });
          }}
        />
        <Input.Search
          allowClear
          placeholder={t("coupons.redemptions.customerId")}
          style={{ width: 320 }}
          onSearch={(v) => filter({ customerId: v.trim() || undefined })}
        />
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<RedemptionSummary>
        rowKey="id"
        loading={list.loading && list.items.length === 0}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 980 }}
        expandable={{ expandedRowRender: (r) => <RedemptionDetail id={r.id} /> }}
        locale={{ emptyText: <Empty description={t("coupons.redemptions.empty")} /> }}
        columns={[
          {
            title: t("coupons.redemptions.at"),
            dataIndex: "redeemedAt",
            render: (v: string) => f.dateTime(v),
          },
          {
            title: t("coupons.redemptions.codes"),
            dataIndex: "codes",
            render: (codes: string[]) => (
              <Space size={4} wrap>
                {codes.map((c) => (
                  <Typography.Text key={c} code>
                    {c}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          {
            title: t("coupons.redemptions.customer"),
            dataIndex: "customerId",
            render: (id: string | null) => (id ? <Link to={`/customers/${id}`}>{id.slice(0, 8)}</Link> : "—"),
          },
          {
            title: t("coupons.redemptions.store"),
            dataIndex: "storeId",
            render: (id: string | null) => pickers.storeName(id),
          },
          {
            title: t("coupons.redemptions.orderRef"),
            dataIndex: "orderRef",
            render: (v: string | null) => v ?? "—",
          },
          {
            title: t("coupons.redemptions.subtotal"),
            dataIndex: "subtotal",
            render: (v: number) => f.money(v),
          },
          {
            title: t("coupons.redemptions.discount"),
            key: "discount",
            render: (_, r) => (
              <span>
                -{f.money(r.discount)}
                {r.giftValue > 0 && (
                  <Typography.Text type="secondary">
                    {" "}
                    + {t("coupons.redemptions.gift", { value: f.money(r.giftValue) })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { title: t("coupons.redemptions.total"), dataIndex: "total", render: (v: number) => f.money(v) },
          {
            title: t("coupons.field.status"),
            key: "status",
            render: (_, r) =>
              r.status === "rolled_back" ? (
                <Tag title={f.dateTime(r.rolledBackAt)}>{t("coupons.redemption.rolled_back")}</Tag>
              ) : (
                <Tag color="green">{t("coupons.redemption.redeemed")}</Tag>
              ),
          },
          ...(can("checkout:write")
            ? [
                {
                  key: "rollback",
                  render: (_: unknown, r: RedemptionSummary) =>
                    r.status === "redeemed" && (
                      <Button
                        size="small"
                        danger
                        icon={<RollbackOutlined />}
                        onClick={() => setRollingBack(r)}
                      >
                        {t("coupons.redemptions.rollback")}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      {rollingBack && (
        <RollbackModal
          redemption={rollingBack}
          onClose={() => setRollingBack(null)}
          onDone={(done) => {
            setRollingBack(null);
            list.replaceItem(
              { ...rollingBack, status: done.status, rolledBackAt: done.rolledBackAt },
              (a, b) => a.id === b.id,
            );
          }}
        />
      )}
    </>
  );
}

function RedemptionDetail({ id }: { id: string }) {
  const t = useT();
  const f = useFormat();
  const detail = useGet<Redemption>(`/api/v1/redemptions/${id}`);
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Typography.Text type="secondary">…</Typography.Text>;
  return (
    <Table
      rowKey="couponId"
      size="small"
      pagination={false}
      dataSource={detail.data.coupons}
      columns={[
        {
          title: t("coupons.redemptions.code"),
          dataIndex: "code",
          render: (c: string) => <Typography.Text code>{c}</Typography.Text>,
        },
        {
          title: t("coupons.field.kind"),
          dataIndex: "kind",
          render: (k: string) => t(`coupons.kind.${k}` as "coupons.kind.amount_off"),
        },
        {
          title: t("coupons.redemptions.discount"),
          dataIndex: "discount",
          render: (v: number) => `-${f.money(v)}`,
        },
        {
          title: t("coupons.preview.gifts"),
          dataIndex: "giftValue",
          render: (v: number) => (v ? f.money(v) : "—"),
        },
        {
          title: t("coupons.redemptions.shares"),
          dataIndex: "shares",
          render: (shares: { lineId: string; amount: number }[]) =>
            shares.map((s) => `#${s.lineId} -${f.money(s.amount)}`).join(", "),
        },
      ]}
    />
  );
}

function RollbackModal({
  redemption,
  onClose,
  onDone,
}: {
  redemption: RedemptionSummary;
  onClose: () => void;
  onDone: (done: Redemption) => void;
}) {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  // One key for this dialog: pressing confirm again after a timeout replays rather than failing already_done.
  const [key] = useState(newIdempotencyKey);

  async function confirm() {
    setBusy(true);
    try {
      const done = await api.post<Redemption>(
        `/api/v1/redemptions/${redemption.id}/rollback`,
        reason.trim() ? { reason: reason.trim() } : {},
        { headers: { "idempotency-key": key } },
      );
      message.success(t("coupons.redemptions.rolledBack"));
      onDone(done);
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t("coupons.redemptions.rollbackTitle")}
      okText={t("coupons.redemptions.rollback")}
      okButtonProps={{ danger: true, loading: busy, id: "rollback-confirm" }}
      onOk={confirm}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        {t("coupons.redemptions.rollbackText", {
          codes: redemption.codes.join(", "),
          discount: f.money(redemption.discount),
        })}
      </Typography.Paragraph>
      <Input.TextArea
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t("coupons.redemptions.reasonPlaceholder")}
      />
    </Modal>
  );
}
