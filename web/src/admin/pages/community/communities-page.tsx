import { PlusOutlined, TeamOutlined } from "@ant-design/icons";
import { Alert, App, Button, Empty, Progress, Segmented, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Community, QrReminder } from "../../../shared/community-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { CommunityEditorModal } from "./community-editor-modal";
import { fillPercent } from "./community-form";
import { LayerMappingCard } from "./layer-mapping-card";
import { QrStateTag } from "./qr-state-tag";

/** 社群管理: every community with its seats taken, QR expiry warnings, and the layer → community map. */
export function CommunitiesPage() {
  const t = useT();
  const f = useFormat();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [status, setStatus] = useState<"active" | "archived">("active");
  const list = useGet<{ data: Community[] }>(`/api/v1/communities?status=${status}`);
  const reminders = useGet<{ data: QrReminder[] }>("/api/v1/communities/qr-reminders");
  const [creating, setCreating] = useState(false);

  const createButton = (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => setCreating(true)}
      data-testid="community-create"
    >
      {t("community.create")}
    </Button>
  );

  return (
    <>
      <PageHeader title={t("community.title")} extra={createButton} />
      {(reminders.data?.data.length ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="qr-reminders"
          message={t("community.qrReminderTitle")}
          description={
            <Space direction="vertical" size={2}>
              {reminders.data?.data.map((r) => (
                <Link key={r.communityId} to={`/community/communities/${r.communityId}`}>
                  {r.name} ·{" "}
                  {r.expired
                    ? t("community.qr.expired")
                    : t("community.qr.expiresAt", { time: f.dateTime(r.joinQrExpiresAt) })}
                </Link>
              ))}
            </Space>
          }
        />
      )}
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => setStatus(v as "active" | "archived")}
        options={[
          { value: "active", label: t("community.status.active") },
          { value: "archived", label: t("community.status.archived") },
        ]}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Community>
        rowKey="id"
        loading={list.loading && !list.data}
        dataSource={list.data?.data ?? []}
        pagination={false}
        scroll={{ x: 860 }}
        onRow={(c) => ({
          onClick: () => navigate(`/community/communities/${c.id}`),
          style: { cursor: "pointer" },
        })}
        locale={{
          emptyText: (
            <Empty
              image={<TeamOutlined style={{ fontSize: 40, color: "#bbb" }} />}
              description={t("community.empty")}
            >
              {status === "active" && createButton}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t("community.field.name"),
            key: "name",
            render: (_, c) => (
              <span>
                <Typography.Text strong>{c.name}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t(`community.purpose.${c.purpose}`)}</Typography.Text>
              </span>
            ),
          },
          {
            title: t("community.field.platform"),
            key: "platform",
            render: (_, c) => (
              <Tag color={c.platform === "builtin" ? "blue" : "green"}>
                {t(`community.platform.${c.platform}`)}
              </Tag>
            ),
          },
          {
            title: t("community.membersColumn"),
            key: "members",
            width: 220,
            render: (_, c) => (
              <div data-testid="community-seats">
                {c.capacity ? (
                  <Progress
                    percent={fillPercent(c)}
                    size="small"
                    showInfo={false}
                    status={fillPercent(c) >= 90 ? "exception" : "normal"}
                  />
                ) : null}
                <Typography.Text type="secondary">
                  {c.capacity
                    ? t("community.seats", { members: c.memberCount, capacity: c.capacity })
                    : t("community.seatsUncapped", { members: c.memberCount })}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t("community.qr.column"),
            key: "qr",
            render: (_, c) => (c.platform === "builtin" ? "—" : <QrStateTag community={c} />),
          },
          {
            title: t("community.field.welcomePoints"),
            dataIndex: "welcomePoints",
            render: (v: number | null) => v ?? "—",
          },
        ]}
      />
      <LayerMappingCard communities={list.data?.data ?? []} />
      {creating && (
        <CommunityEditorModal
          community={null}
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            message.success(t("common.saved"));
            navigate(`/community/communities/${c.id}`);
          }}
        />
      )}
    </>
  );
}
