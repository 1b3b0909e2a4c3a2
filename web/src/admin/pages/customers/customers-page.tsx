import { PlusOutlined } from "@ant-design/icons";
import { App, type Breakpoint, Button, Input, Table } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Customer } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";
import { CustomerCreateModal } from "./customer-create-modal";

const md: Breakpoint[] = ["md"];

export function CustomersPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const list = useCursorList<Customer>("/api/v1/customers", { q: q || undefined });

  return (
    <>
      <PageHeader
        title={t("menu.customers")}
        extra={
          <>
            <Input.Search
              allowClear
              placeholder={t("customer.searchPlaceholder")}
              onSearch={(value) => setQ(value.trim())}
              style={{ width: 260 }}
              data-testid="customer-search"
            />
            {can("customers:write") && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t("customer.create")}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Customer>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: "max-content" }}
        onRow={(customer) => ({
          onClick: () => navigate(`/customers/${customer.id}`),
          style: { cursor: "pointer" },
        })}
        columns={[
          {
            title: t("common.name"),
            dataIndex: "name",
            render: (name: string | null, c) => (
              <Link to={`/customers/${c.id}`}>{name || t("customer.unnamed")}</Link>
            ),
          },
          { title: t("common.phone"), dataIndex: "phone" },
          { title: t("customer.externalId"), dataIndex: "externalId", responsive: md },
          {
            title: t("customer.region"),
            key: "region",
            responsive: md,
            render: (_, c) => [c.province, c.city].filter(Boolean).join(" "),
          },
          {
            title: t("customer.joinedAt"),
            dataIndex: "joinedAt",
            render: (v: string) => f.date(v),
            responsive: md,
          },
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      <CustomerCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(customer) => {
          setCreating(false);
          message.success(t("common.saved"));
          navigate(`/customers/${customer.id}`);
        }}
      />
    </>
  );
}
