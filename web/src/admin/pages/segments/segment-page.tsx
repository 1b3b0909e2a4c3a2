import { DownloadOutlined, EditOutlined, PieChartOutlined, SyncOutlined } from "@ant-design/icons";
import { App, Button, Card, Descriptions, Spin, Table, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, downloadFile } from "../../../shared/api";
import type { Segment, SegmentMember } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { RuleSummary } from "../../components/rule-builder/rule-summary";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useCursorList, useGet } from "../../use-api";
import { useFormat } from "../../use-format";

/** A saved segment: its members (kept current by the server), CSV export and links to edit and persona. */
export function SegmentPage() {
  const { id = "" } = useParams();
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const segment = useGet<Segment>(`/api/v1/segments/${id}`);
  const members = useCursorList<SegmentMember>(`/api/v1/segments/${id}/customers`);

  if (!segment.data) {
    return segment.error ? <ErrorAlert error={segment.error} onRetry={segment.reload} /> : <Spin />;
  }
  const s = segment.data;
  const reconcile = async () => {
    try {
      await api.post(`/api/v1/segments/${s.id}/reconcile`);
      message.success(t("segments.reconcileQueued"));
    } catch (cause) {
      notifyError(cause);
    }
  };
  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadFile(`/api/v1/segments/${s.id}/customers.csv`, `${s.name}.csv`);
    } catch (cause) {
      notifyError(cause);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={s.name}
        extra={
          <>
            <Button
              icon={<PieChartOutlined />}
              onClick={() => navigate(`/personas/segment/${s.id}`)}
              data-testid="segment-persona"
            >
              {t("segments.persona")}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={exportCsv}
              data-testid="segment-export"
            >
              {t("segments.exportCsv")}
            </Button>
            {can("segments:manage") && (
              <Button icon={<SyncOutlined />} onClick={reconcile} data-testid="segment-reconcile">
                {t("segments.reconcile")}
              </Button>
            )}
            {can("segments:manage") && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => navigate(`/segments/${s.id}/edit`)}
              >
                {t("common.edit")}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t("segments.members")}>
            <span data-testid="segment-member-count">
              {s.reconciledAt ? s.memberCount.toLocaleString() : t("segments.counting")}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t("segments.reconciledAt")}>
            {f.dateTime(s.reconciledAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("segments.updatedAt")}>{f.dateTime(s.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t("segments.rule")} span={3}>
            <RuleSummary rule={s.rule} />
          </Descriptions.Item>
          {s.description && (
            <Descriptions.Item label={t("segments.description")} span={3}>
              {s.description}
            </Descriptions.Item>
          )}
        </Descriptions>
        {!s.reconciledAt && (
          <Typography.Text type="secondary">
            {t("segments.countingHint")}{" "}
            <Button
              size="small"
              type="link"
              onClick={() => {
                segment.reload();
                members.reload();
              }}
            >
              {t("common.retry")}
            </Button>
          </Typography.Text>
        )}
      </Card>
      <ErrorAlert error={members.error} onRetry={members.reload} />
      <Table<SegmentMember>
        rowKey="id"
        size="middle"
        loading={members.loading}
        dataSource={members.items}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: s.reconciledAt ? t("segments.noMembers") : t("segments.countingHint") }}
        columns={[
          {
            title: t("common.name"),
            dataIndex: "name",
            render: (name: string | null, c) => (
              <Link to={`/customers/${c.id}`}>{name || t("customer.unnamed")}</Link>
            ),
          },
          { title: t("common.phone"), dataIndex: "phone" },
          { title: t("rule.orders"), dataIndex: "orderCount", align: "right" },
          {
            title: t("rule.netSpent"),
            dataIndex: "netSpent",
            align: "right",
            render: (v: number) => f.money(v),
          },
          { title: t("rule.lastOrderAt"), dataIndex: "lastOrderAt", render: (v: string | null) => f.date(v) },
          { title: t("segments.enteredAt"), dataIndex: "enteredAt", render: (v: string) => f.dateTime(v) },
        ]}
      />
      <LoadMore hasMore={members.hasMore} loading={members.loading} onClick={members.loadMore} />
    </>
  );
}
