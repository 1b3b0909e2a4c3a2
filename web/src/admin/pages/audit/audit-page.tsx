import { Table, Typography } from "antd";
import type { AuditEntry } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";

const isEmpty = (details: unknown) =>
  details == null || (typeof details === "object" && Object.keys(details as object).length === 0);

export function AuditPage() {
  const t = useT();
  const f = useFormat();
  const list = useCursorList<AuditEntry>("/api/v1/audit");
  return (
    <>
      <PageHeader title={t("menu.audit")} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 860 }}
        columns={[
          {
            title: t("audit.time"),
            dataIndex: "createdAt",
            width: 160,
            render: (v: string) => f.dateTime(v),
          },
          {
            title: t("audit.actor"),
            key: "actor",
            render: (_, e) => `${e.actorName ?? "—"} (${e.actorType})`,
          },
          { title: t("audit.action"), dataIndex: "action", render: (v: string) => <code>{v}</code> },
          {
            title: t("audit.target"),
            key: "target",
            render: (_, e) =>
              e.targetType ? (
                <span
                  title={e.targetId ?? undefined}
                >{`${e.targetType} ${e.targetId?.slice(0, 8) ?? ""}`}</span>
              ) : (
                "—"
              ),
          },
          {
            title: t("audit.details"),
            dataIndex: "details",
            ellipsis: true,
            render: (d: unknown) =>
              isEmpty(d) ? "" : <Typography.Text type="secondary">{JSON.stringify(d)}</Typography.Text>,
          },
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
