import { Empty, Grid, Select, Space, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import type { MessageCategory, MessageStatus, OutboxMessage } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { useT } from "../../../i18n/locale-context";
import { useCursorList } from "../../../use-api";
import { useFormat } from "../../../use-format";

const statusColor = { delivered: "green", scheduled: "gold" } as const;

/** The outbox: every message with its status; a held one says why and when it will go. */
export function OutboxPanel() {
  const t = useT();
  const f = useFormat();
  const screens = Grid.useBreakpoint();
  const [status, setStatus] = useState<MessageStatus | undefined>();
  const [category, setCategory] = useState<MessageCategory | undefined>();
  const list = useCursorList<OutboxMessage>("/api/v1/messaging/messages", { status, category }, 50);

  const statusTags = (m: OutboxMessage) => (
    <Space size={4} wrap>
      <Tag color={statusColor[m.status]}>{t(`messaging.status.${m.status}`)}</Tag>
      <Tag>{t(`messaging.category.${m.category}`)}</Tag>
      {m.readAt ? <Tag color="blue">{t("messaging.read")}</Tag> : null}
    </Space>
  );
  const when = (m: OutboxMessage) =>
    m.hold ? (
      <Typography.Text type="warning" data-testid="messaging-hold">
        {t("messaging.holdUntil", {
          reason: t(`messaging.reason.${m.hold.reason}`),
          time: f.dateTime(m.hold.until),
        })}
      </Typography.Text>
    ) : (
      t("messaging.deliveredAt", { time: f.dateTime(m.deliveredAt) })
    );
  const customer = (m: OutboxMessage) => (
    <Link to={`/customers/${m.customerId}`}>{m.customerName ?? "—"}</Link>
  );
  const text = (m: OutboxMessage) => (
    <Space direction="vertical" size={0}>
      <Typography.Text strong>{m.title}</Typography.Text>
      <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
        {m.body}
      </Typography.Text>
    </Space>
  );
  const columns: TableColumnsType<OutboxMessage> = [
    { title: t("messaging.col.customer"), key: "customer", render: (_, m) => customer(m) },
    { title: t("messaging.col.message"), key: "message", render: (_, m) => text(m) },
    { title: t("messaging.col.status"), key: "status", render: (_, m) => statusTags(m) },
    { title: t("messaging.col.when"), key: "when", render: (_, m) => when(m) },
    { title: t("messaging.col.createdAt"), dataIndex: "createdAt", render: (v: string) => f.dateTime(v) },
  ];
  // On a phone one column holds it all, so the hold reason is seen without scrolling sideways.
  const phoneColumns: TableColumnsType<OutboxMessage> = [
    {
      title: t("messaging.col.message"),
      key: "all",
      render: (_, m) => (
        <Space direction="vertical" size={4}>
          {customer(m)}
          {text(m)}
          {statusTags(m)}
          {when(m)}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<MessageStatus>
          allowClear
          placeholder={t("messaging.filter.status")}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={(["delivered", "scheduled"] as const).map((s) => ({
            value: s,
            label: t(`messaging.status.${s}`),
          }))}
        />
        <Select<MessageCategory>
          allowClear
          placeholder={t("messaging.filter.category")}
          style={{ width: 160 }}
          value={category}
          onChange={setCategory}
          options={(["promotional", "service"] as const).map((c) => ({
            value: c,
            label: t(`messaging.category.${c}`),
          }))}
        />
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<OutboxMessage>
        rowKey="id"
        data-testid="messaging-outbox"
        loading={list.loading && list.items.length === 0}
        dataSource={list.items}
        pagination={false}
        scroll={screens.md ? { x: 900 } : undefined}
        locale={{ emptyText: <Empty description={t("messaging.outboxEmpty")} /> }}
        columns={screens.md ? columns : phoneColumns}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
