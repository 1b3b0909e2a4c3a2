import { PlusOutlined } from "@ant-design/icons";
import { App, type Breakpoint, Button, Empty, Popconfirm, Table } from "antd";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../../../shared/api";
import type { List, Segment } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";

const md: Breakpoint[] = ["md"];

export function SegmentsPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const segments = useGet<List<Segment>>("/api/v1/segments");
  const manage = can("segments:manage");

  const remove = async (segment: Segment) => {
    try {
      await api.delete(`/api/v1/segments/${segment.id}`);
      message.success(t("common.deleted"));
      segments.reload();
    } catch (cause) {
      notifyError(cause);
    }
  };

  return (
    <>
      <PageHeader
        title={t("menu.segments")}
        extra={
          manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate("/segments/new")}
              data-testid="segment-create"
            >
              {t("segments.create")}
            </Button>
          )
        }
      />
      <ErrorAlert error={segments.error} onRetry={segments.reload} />
      <Table<Segment>
        rowKey="id"
        loading={segments.loading}
        dataSource={segments.data?.data ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{
          emptyText: <Empty description={manage ? t("segments.emptyCanCreate") : t("segments.empty")} />,
        }}
        columns={[
          {
            title: t("segments.name"),
            dataIndex: "name",
            render: (name: string, s) => <Link to={`/segments/${s.id}`}>{name}</Link>,
          },
          { title: t("segments.description"), dataIndex: "description", responsive: md, ellipsis: true },
          {
            title: t("segments.members"),
            dataIndex: "memberCount",
            align: "right",
            render: (n: number, s) => (s.reconciledAt ? n.toLocaleString() : t("segments.counting")),
          },
          { title: t("segments.updatedAt"), dataIndex: "updatedAt", render: (v: string) => f.dateTime(v) },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_, s) => (
              <span style={{ whiteSpace: "nowrap" }}>
                <Link to={`/personas/segment/${s.id}`}>{t("segments.persona")}</Link>
                {manage && (
                  <>
                    {" · "}
                    <Link to={`/segments/${s.id}/edit`}>{t("common.edit")}</Link>
                    {" · "}
                    <Popconfirm
                      title={t("segments.confirmDelete", { name: s.name })}
                      onConfirm={() => remove(s)}
                    >
                      <Button type="link" danger size="small" style={{ padding: 0 }}>
                        {t("segments.delete")}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
