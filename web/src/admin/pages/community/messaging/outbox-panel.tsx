import { Empty, Select, Space, Table, Tag, Typography } from "antd";
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
  const [status, setStatus] = useState<MessageStatus | undefined>();
  const [category, setCategory] = useState<MessageCategory | undefined>();
  const list = useCursorList<OutboxMessage>("/api/v1/messaging/messages", { status, category }, 50);

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
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t("messaging.outboxEmpty")} /> }}
        columns={[
          {
            title: t("messaging.col.customer"),
            key: "customer",
            render: (_, m) => <Link to={`/customers/${m.customerId}`}>{m.customerName ?? "—"}</Link>,
          },
          {
            title: t("messaging.col.message"),
            key: "message",
            render: (_, m) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{m.title}</Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
                  {m.body}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t("messaging.col.status"),
            key: "status",
            render: (_, m) => (
              <Space size={4} wrap>
                <Tag color={statusColor[m.status]}>{t(`messaging.status.${m.status}`)}</Tag>
                <Tag>{t(`messaging.category.${m.category}`)}</Tag>
                {m.readAt ? <Tag color="blue">{t("messaging.read")}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t("messaging.col.when"),
            key: "when",
            render: (_, m) =>
              m.hold ? (
                <Typography.Text type="warning" data-testid="messaging-hold">
                  {t("messaging.holdUntil", {
                    reason: t(`messaging.reason.${m.hold.reason}`),
                    time: f.dateTime(m.hold.until),
                  })}
                </Typography.Text>
              ) : (
                t("messaging.deliveredAt", { time: f.dateTime(m.deliveredAt) })
              ),
          },
          {
            title: t("messaging.col.createdAt"),
            dataIndex: "createdAt",
            render: (v: string) => f.dateTime(v),
          },
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
