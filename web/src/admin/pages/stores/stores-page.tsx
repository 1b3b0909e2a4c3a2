import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { List, Store, StoreInput } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";

type Editing = { store: Store | null } | null;

export function StoresPage() {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const stores = useGet<List<Store>>("/api/v1/stores");
  const [editing, setEditing] = useState<Editing>(null);

  async function remove(store: Store) {
    try {
      await api.delete(`/api/v1/stores/${store.id}`);
      message.success(t("common.deleted"));
      stores.reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  return (
    <>
      <PageHeader
        title={t("menu.stores")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ store: null })}>
            {t("store.create")}
          </Button>
        }
      />
      <ErrorAlert error={stores.error} onRetry={stores.reload} />
      <Table<Store>
        rowKey="id"
        loading={stores.loading}
        dataSource={stores.data?.data ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        columns={[
          { title: t("store.code"), dataIndex: "code" },
          { title: t("common.name"), dataIndex: "name" },
          { title: t("customer.city"), dataIndex: "city" },
          { title: t("store.address"), dataIndex: "address", ellipsis: true },
          { title: t("common.phone"), dataIndex: "phone" },
          { title: t("common.createdAt"), dataIndex: "createdAt", render: (v: string) => f.date(v) },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_, store) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ store })} />
                <Popconfirm
                  title={t("store.confirmDelete", { name: store.name })}
                  onConfirm={() => remove(store)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <StoreModal
          store={editing.store}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success(t("common.saved"));
            stores.reload();
          }}
        />
      )}
    </>
  );
}

function StoreModal({
  store,
  onClose,
  onSaved,
}: {
  store: Store | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<StoreInput>();
  const [busy, setBusy] = useState(false);

  async function save(values: StoreInput) {
    const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === "" ? null : v]));
    setBusy(true);
    try {
      if (store) await api.patch(`/api/v1/stores/${store.id}`, body);
      else
        await api.post(
          "/api/v1/stores",
          Object.fromEntries(Object.entries(body).filter(([, v]) => v != null)),
        );
      onSaved();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={store ? t("store.edit") : t("store.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
    >
      <Form form={form} layout="vertical" initialValues={store ?? {}} onFinish={save}>
        <Form.Item
          name="code"
          label={t("store.code")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("common.name")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="city" label={t("customer.city")}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t("store.address")}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t("common.phone")}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
