import { PieChartOutlined, SyncOutlined } from "@ant-design/icons";
import { Tag as AntTag, App, Button, Card, Descriptions, Spin, Table, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api } from "../../../shared/api";
import type { List, Tag, TagGroup, TagHolder } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { RuleSummary } from "../../components/rule-builder/rule-summary";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useCursorList, useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { TagApplyCard } from "./tag-apply-card";
import { TagModal } from "./tag-modal";

/** One tag: who holds it and why, applying a manual tag, editing, and its persona. */
export function TagPage() {
  const { id = "" } = useParams();
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [editing, setEditing] = useState(false);
  const tag = useGet<Tag>(`/api/v1/tags/${id}`);
  const groups = useGet<List<TagGroup>>("/api/v1/tags/groups");
  const holders = useCursorList<TagHolder>(`/api/v1/tags/${id}/customers`);

  if (!tag.data) return tag.error ? <ErrorAlert error={tag.error} onRetry={tag.reload} /> : <Spin />;
  const x = tag.data;
  const refresh = () => {
    tag.reload();
    holders.reload();
  };
  const canTag = x.kind === "manual" && can("customers:write");
  const removeFrom = async (holder: TagHolder) => {
    try {
      await api.post(`/api/v1/tags/${x.id}/customers/remove`, { customerIds: [holder.customerId] });
      message.success(t("common.saved"));
      refresh();
    } catch (cause) {
      notifyError(cause);
    }
  };
  const evaluate = async () => {
    try {
      await api.post(`/api/v1/tags/${x.id}/evaluate`);
      message.success(t("tags.evaluateQueued"));
    } catch (cause) {
      notifyError(cause);
    }
  };
  const groupName = groups.data?.data.find((g) => g.id === x.groupId)?.name ?? t("tags.ungrouped");

  return (
    <>
      <PageHeader
        title={
          <AntTag color={x.color} style={{ fontSize: 18, padding: "2px 10px" }}>
            {x.name}
          </AntTag>
        }
        extra={
          <>
            <Button
              icon={<PieChartOutlined />}
              onClick={() => navigate(`/personas/tag/${x.id}`)}
              data-testid="tag-persona"
            >
              {t("segments.persona")}
            </Button>
            {can("tags:manage") && x.kind === "rule" && (
              <Button icon={<SyncOutlined />} onClick={evaluate} data-testid="tag-evaluate">
                {t("tags.evaluate")}
              </Button>
            )}
            {can("tags:manage") && (
              <Button type="primary" onClick={() => setEditing(true)}>
                {t("common.edit")}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label={t("tags.kind")}>
            {t(x.kind === "rule" ? "tags.kind.rule" : "tags.kind.manual")}
          </Descriptions.Item>
          <Descriptions.Item label={t("tags.group")}>{groupName}</Descriptions.Item>
          <Descriptions.Item label={t("tags.holders")}>
            <span data-testid="tag-holder-count">{x.customerCount.toLocaleString()}</span>
          </Descriptions.Item>
          {x.kind === "rule" && (
            <Descriptions.Item label={t("tags.evaluatedAt")}>{f.dateTime(x.evaluatedAt)}</Descriptions.Item>
          )}
          {x.kind === "rule" && x.rule && (
            <Descriptions.Item label={t("tags.rule")} span={4}>
              <RuleSummary rule={x.rule} />
            </Descriptions.Item>
          )}
          {x.description && (
            <Descriptions.Item label={t("tags.description")} span={4}>
              {x.description}
            </Descriptions.Item>
          )}
        </Descriptions>
        {x.kind === "rule" && <Typography.Text type="secondary">{t("tags.ruleTagHint")}</Typography.Text>}
      </Card>
      {canTag && <TagApplyCard tag={x} onApplied={refresh} />}
      <ErrorAlert error={holders.error} onRetry={holders.reload} />
      <Table<TagHolder>
        rowKey="customerId"
        size="middle"
        loading={holders.loading}
        dataSource={holders.items}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: x.kind === "manual" ? t("tags.noHoldersManual") : t("tags.noHoldersRule") }}
        data-testid="tag-holders"
        columns={[
          {
            title: t("common.name"),
            dataIndex: "name",
            render: (name: string | null, h) => (
              <Link to={`/customers/${h.customerId}`}>{name || t("customer.unnamed")}</Link>
            ),
          },
          { title: t("common.phone"), dataIndex: "phone" },
          {
            title: t("tags.source"),
            dataIndex: "source",
            render: (s: TagHolder["source"]) => t(s === "rule" ? "tags.kind.rule" : "tags.kind.manual"),
          },
          { title: t("tags.reason"), dataIndex: "reason", render: (r: string | null) => r ?? "—" },
          { title: t("tags.addedAt"), dataIndex: "addedAt", render: (v: string) => f.dateTime(v) },
          ...(canTag
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, h: TagHolder) => (
                    <Button
                      type="link"
                      size="small"
                      danger
                      style={{ padding: 0 }}
                      onClick={() => removeFrom(h)}
                    >
                      {t("tags.removeFromCustomer")}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={holders.hasMore} loading={holders.loading} onClick={holders.loadMore} />
      <TagModal
        open={editing}
        tag={x}
        groups={groups.data?.data ?? []}
        defaultGroupId={x.groupId}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          refresh();
        }}
      />
    </>
  );
}
