import { KeyOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { ApiKey, CreatedApiKey, List } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";

export function ApiKeysPage() {
  const t = useT();
  const f = useFormat();
  const notifyError = useNotifyError();
  const keys = useGet<List<ApiKey>>("/api/v1/api-keys");
  const [creating, setCreating] = useState(false);

  async function revoke(key: ApiKey) {
    try {
      const revoked = await api.delete<ApiKey>(`/api/v1/api-keys/${key.id}`);
      if (keys.data)
        keys.setData({ data: keys.data.data.map((k) => (k.id === key.id ? (revoked ?? k) : k)) });
      if (!revoked) keys.reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  return (
    <>
      <PageHeader
        title={t("menu.apiKeys")}
        extra={
          <Button type="primary" icon={<KeyOutlined />} onClick={() => setCreating(true)}>
            {t("apiKey.create")}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t("apiKey.intro")}</Typography.Paragraph>
      <ErrorAlert error={keys.error} onRetry={keys.reload} />
      <Table<ApiKey>
        rowKey="id"
        loading={keys.loading}
        dataSource={keys.data?.data ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          { title: t("common.name"), dataIndex: "name" },
          { title: t("apiKey.prefix"), dataIndex: "prefix", render: (p: string) => <code>{p}…</code> },
          { title: t("common.createdAt"), dataIndex: "createdAt", render: (v: string) => f.dateTime(v) },
          {
            title: t("apiKey.lastUsedAt"),
            dataIndex: "lastUsedAt",
            render: (v: string | null) => f.dateTime(v),
          },
          {
            title: t("staff.status"),
            key: "status",
            render: (_, key) =>
              key.revokedAt ? (
                <Tag>{t("apiKey.revokedAt", { time: f.dateTime(key.revokedAt) })}</Tag>
              ) : (
                <Popconfirm
                  title={t("apiKey.confirmRevoke", { name: key.name })}
                  onConfirm={() => revoke(key)}
                >
                  <Button size="small" danger>
                    {t("apiKey.revoke")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating && <CreateKeyModal onClose={() => setCreating(false)} onCreated={keys.reload} />}
    </>
  );
}

/** The secret exists in clear only in this answer: show it once, with a copy button and a warning. */
function CreateKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  async function create(values: { name: string }) {
    setBusy(true);
    try {
      setCreated(await api.post<CreatedApiKey>("/api/v1/api-keys", values));
      onCreated();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t("apiKey.create")}
      onCancel={onClose}
      onOk={created ? onClose : () => form.submit()}
      okText={created ? t("common.done") : t("common.create")}
      cancelButtonProps={{ style: created ? { display: "none" } : undefined }}
      confirmLoading={busy}
      mask={{ closable: !created }}
    >
      {created ? (
        <>
          <Alert type="warning" showIcon title={t("apiKey.onceWarning")} style={{ marginBottom: 16 }} />
          <Typography.Paragraph copyable={{ text: created.key }} code data-testid="new-api-key">
            {created.key}
          </Typography.Paragraph>
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item
            name="name"
            label={t("common.name")}
            rules={[{ required: true, message: t("form.required") }]}
          >
            <Input placeholder="POS" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
