import { App, Button, Card, Select, Space, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../../../shared/api";
import type { Community, CommunityInvitation } from "../../../shared/community-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useCursorList, useGet } from "../../use-api";
import { useFormat } from "../../use-format";

type Layer = { id: string; name: string; position: number; customerCount: number };
type Mapping = { layerId: string; communityId: string };

/** 分层运营: which community each layer's newcomers are invited to (when their layer changes). */
export function LayerMappingCard({ communities }: { communities: Community[] }) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const layers = useGet<{ data: Layer[] }>("/api/v1/layers");
  const saved = useGet<{ data: Mapping[] }>("/api/v1/communities/layer-mappings");
  const [draft, setDraft] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);
  const f = useFormat();
  const invitations = useCursorList<CommunityInvitation>("/api/v1/communities/invitations", {}, 20);

  useEffect(() => {
    if (saved.data) setDraft(Object.fromEntries(saved.data.data.map((m) => [m.layerId, m.communityId])));
  }, [saved.data]);

  async function save() {
    setSaving(true);
    try {
      const data = Object.entries(draft)
        .filter((e): e is [string, string] => !!e[1])
        .map(([layerId, communityId]) => ({ layerId, communityId }));
      saved.setData(await api.put<{ data: Mapping[] }>("/api/v1/communities/layer-mappings", { data }));
      message.success(t("common.saved"));
    } catch (cause) {
      notifyError(cause);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card
      title={t("community.layers.title")}
      style={{ marginTop: 24 }}
      data-testid="layer-mapping"
      extra={
        <Button type="primary" onClick={save} loading={saving}>
          {t("common.save")}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t("community.layers.hint")}</Typography.Paragraph>
      <ErrorAlert error={layers.error ?? saved.error} onRetry={layers.reload} />
      <Table<Layer>
        rowKey="id"
        size="small"
        pagination={false}
        loading={layers.loading}
        dataSource={layers.data?.data ?? []}
        columns={[
          {
            title: t("community.layers.layer"),
            key: "layer",
            render: (_, l) => (
              <Space>
                <Typography.Text strong>{l.name}</Typography.Text>
                <Typography.Text type="secondary">
                  {t("community.layers.customers", { n: l.customerCount })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t("community.layers.community"),
            key: "community",
            render: (_, l) => (
              <Select
                allowClear
                style={{ minWidth: 200 }}
                placeholder={t("community.layers.none")}
                value={draft[l.id]}
                onChange={(v) => setDraft((d) => ({ ...d, [l.id]: v }))}
                options={communities.map((c) => ({ value: c.id, label: c.name }))}
              />
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t("community.layers.invitations")}
      </Typography.Title>
      <Table<CommunityInvitation>
        rowKey="id"
        size="small"
        pagination={false}
        loading={invitations.loading && invitations.items.length === 0}
        dataSource={invitations.items}
        data-testid="community-invitations"
        locale={{ emptyText: t("community.layers.noInvitations") }}
        columns={[
          { title: t("community.layers.community"), dataIndex: "communityName" },
          {
            title: t("community.layers.customer"),
            dataIndex: "customerId",
            render: (id: string) => <Link to={`/customers/${id}`}>{id.slice(0, 8)}</Link>,
          },
          {
            title: t("community.layers.status"),
            dataIndex: "status",
            render: (s: CommunityInvitation["status"]) => t(`community.invitation.${s}`),
          },
          { title: t("common.createdAt"), dataIndex: "createdAt", render: (v: string) => f.dateTime(v) },
        ]}
      />
      <LoadMore hasMore={invitations.hasMore} loading={invitations.loading} onClick={invitations.loadMore} />
    </Card>
  );
}
