import { Card, Empty, Progress, Table, Tag } from "antd";
import { useEffect } from "react";
import type { CouponBulkIssue, CouponTemplate, Page } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { bulkIssueFinished, bulkIssuePath } from "./issue-api";

const statusColor: Record<CouponBulkIssue["status"], string> = {
  queued: "default",
  running: "processing",
  succeeded: "success",
  failed: "error",
  stopped: "warning",
};

/** The latest bulk issues, so a long run started earlier can be followed after leaving the wizard. */
export function BulkRunsCard({
  templates,
  segmentName,
  refreshKey,
}: {
  templates: CouponTemplate[];
  segmentName: (id: string) => string;
  refreshKey: string;
}) {
  const t = useT();
  const f = useFormat();
  const runs = useGet<Page<CouponBulkIssue>>(`${bulkIssuePath}?limit=10&r=${refreshKey}`);
  const going = (runs.data?.data ?? []).some((run) => !bulkIssueFinished(run));

  // biome-ignore lint/correctness/useExhaustiveDependencies: each fresh answer (runs.data) schedules the next look
  useEffect(() => {
    if (!going) return;
    const timer = setTimeout(runs.reload, 2000);
    return () => clearTimeout(timer);
  }, [going, runs.reload, runs.data]);

  const templateName = (id: string) => templates.find((tpl) => tpl.id === id)?.name ?? id.slice(0, 8);
  return (
    <Card size="small" title={t("coupons.runs.title")} style={{ marginTop: 16 }} data-testid="bulk-runs">
      <ErrorAlert error={runs.error} onRetry={runs.reload} />
      <Table<CouponBulkIssue>
        rowKey="id"
        size="small"
        pagination={false}
        loading={runs.loading && !runs.data}
        dataSource={runs.data?.data ?? []}
        scroll={{ x: 760 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("coupons.runs.empty")} />,
        }}
        columns={[
          { title: t("common.createdAt"), dataIndex: "createdAt", render: (v: string) => f.dateTime(v) },
          { title: t("coupons.issue.template"), dataIndex: "templateId", render: templateName },
          { title: t("coupons.audience.segment"), dataIndex: "segmentId", render: segmentName },
          {
            title: t("coupons.issue.processed"),
            key: "progress",
            render: (_, run) => (
              <div style={{ minWidth: 140 }}>
                {run.processed.toLocaleString()} / {run.total === null ? "…" : run.total.toLocaleString()}
                <Progress
                  size="small"
                  showInfo={false}
                  percent={
                    run.total
                      ? Math.floor((run.processed / run.total) * 100)
                      : bulkIssueFinished(run)
                        ? 100
                        : 0
                  }
                  status={
                    run.status === "failed" ? "exception" : bulkIssueFinished(run) ? "success" : "active"
                  }
                />
              </div>
            ),
          },
          { title: t("coupons.issue.issued"), dataIndex: "issued" },
          { title: t("coupons.runs.skipped"), dataIndex: "skipped" },
          {
            title: t("coupons.issue.runStatus"),
            key: "status",
            render: (_, run) => (
              <Tag color={statusColor[run.status]} title={run.lastError ?? run.stopReason ?? undefined}>
                {t(`coupons.run.${run.status}`)}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
