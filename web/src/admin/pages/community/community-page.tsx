import { ArrowLeftOutlined, EditOutlined, InboxOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Card, Descriptions, Image, Popconfirm, Space, Tabs, Typography, Upload } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api } from "../../../shared/api";
import type { Community } from "../../../shared/community-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { CommunityEditorModal } from "./community-editor-modal";
import { CommunityHealthTab } from "./community-health-tab";
import { CommunityMembersTab } from "./community-members-tab";
import { QrStateTag } from "./qr-state-tag";

/** One community: its settings and join QR, its members, its health. */
export function CommunityPage() {
  const { id = "" } = useParams();
  const t = useT();
  const community = useGet<Community>(`/api/v1/communities/${id}`);
  const [editing, setEditing] = useState(false);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const c = community.data;

  async function setStatus(status: "active" | "archived") {
    try {
      community.setData(await api.patch<Community>(`/api/v1/communities/${id}`, { status }));
      message.success(t("common.saved"));
    } catch (cause) {
      notifyError(cause);
    }
  }

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/community/communities" aria-label={t("community.back")}>
              <ArrowLeftOutlined />
            </Link>
            {c?.name ?? t("community.title")}
          </Space>
        }
        extra={
          c && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="community-edit">
                {t("community.edit")}
              </Button>
              {c.status === "active" ? (
                <Popconfirm title={t("community.confirmArchive")} onConfirm={() => setStatus("archived")}>
                  <Button danger>{t("community.archive")}</Button>
                </Popconfirm>
              ) : (
                <Button onClick={() => setStatus("active")}>{t("community.restore")}</Button>
              )}
            </>
          )
        }
      />
      <ErrorAlert error={community.error} onRetry={community.reload} />
      {c && (
        <Tabs
          destroyOnHidden
          items={[
            {
              key: "settings",
              label: t("community.tab.settings"),
              children: <SettingsTab community={c} onChange={community.setData} />,
            },
            {
              key: "members",
              label: t("community.tab.members"),
              children: <CommunityMembersTab community={c} onCount={community.reload} />,
            },
            {
              key: "health",
              label: t("community.tab.health"),
              children: <CommunityHealthTab community={c} />,
            },
          ]}
        />
      )}
      {editing && c && (
        <CommunityEditorModal
          community={c}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            community.setData(saved);
            message.success(t("common.saved"));
          }}
        />
      )}
    </>
  );
}

function SettingsTab({ community: c, onChange }: { community: Community; onChange: (c: Community) => void }) {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [version, setVersion] = useState(0);

  async function upload(file: File) {
    const form = new FormData();
    form.append("file", file);
    try {
      onChange(await api.put<Community>(`/api/v1/communities/${c.id}/join-qr`, form));
      setVersion((v) => v + 1);
      message.success(t("community.qr.uploaded"));
    } catch (cause) {
      notifyError(cause);
    }
    return false;
  }

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t("community.field.platform")}>
          {t(`community.platform.${c.platform}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("community.field.purpose")}>
          {t(`community.purpose.${c.purpose}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("community.membersColumn")}>
          {c.capacity
            ? t("community.seats", { members: c.memberCount, capacity: c.capacity })
            : t("community.seatsUncapped", { members: c.memberCount })}
        </Descriptions.Item>
        <Descriptions.Item label={t("community.field.audience")}>
          {t(`community.audience.${c.audience?.kind ?? "everyone"}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("community.field.welcomePoints")}>
          {c.welcomePoints ?? "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("community.field.gmvTarget")}>
          {f.money(c.monthlyGmvTarget)}
        </Descriptions.Item>
        {c.platform !== "builtin" && (
          <Descriptions.Item label={t("community.field.joinUrl")} span={2}>
            {c.joinUrl ?? "—"}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t("community.field.rules")} span={2}>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
            {c.rules || "—"}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t("community.field.welcomeMessage")} span={2}>
          {c.welcomeMessage || "—"}
        </Descriptions.Item>
      </Descriptions>
      {c.platform !== "builtin" && (
        <Card size="small" title={t("community.qr.title")} extra={<QrStateTag community={c} />}>
          <Space align="start" wrap size={24}>
            {c.hasJoinQr ? (
              <Image
                width={160}
                src={`/api/v1/communities/${c.id}/join-qr?v=${version}-${c.updatedAt}`}
                alt={t("community.qr.title")}
              />
            ) : (
              <InboxOutlined style={{ fontSize: 64, color: "#bbb" }} />
            )}
            <Space direction="vertical">
              <Typography.Text type="secondary">{t("community.qr.hint")}</Typography.Text>
              {c.joinQrExpiresAt && (
                <Typography.Text>
                  {t("community.qr.expiresAt", { time: f.dateTime(c.joinQrExpiresAt) })}
                </Typography.Text>
              )}
              <Upload accept="image/png,image/jpeg,image/webp" showUploadList={false} beforeUpload={upload}>
                <Button icon={<UploadOutlined />} data-testid="qr-upload">
                  {t("community.qr.upload")}
                </Button>
              </Upload>
            </Space>
          </Space>
        </Card>
      )}
    </Space>
  );
}
