import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Popconfirm, Space, Table } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { List, Store } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { StoreModal } from "./store-modal";

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
          { title: t("store.name"), dataIndex: "name" },
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
