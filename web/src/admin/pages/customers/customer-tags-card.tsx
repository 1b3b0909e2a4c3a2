import { CloseOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Collapse,
  Empty,
  Flex,
  Input,
  List,
  Popconfirm,
  Select,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { type ApiError, api } from "../../../shared/api";
import type { CustomerTag, Page, TagActor, TagHistoryEntry } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { type Translate, useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useCursorList, useGet } from "../../use-api";
import { useFormat } from "../../use-format";

/** The fields of GET /api/v1/tags this card reads to offer manual tags. */
type ManualTagChoice = { id: string; name: string; color: string; kind: "manual" | "rule" };

/** Why a tag is on the customer: who added it and when, or the rule version that matched. */
export function describeTagWhy(tag: CustomerTag, t: Translate, dateTime: (iso: string) => string): string {
  const time = dateTime(tag.addedAt);
  if (tag.source === "rule") return t("insight.tags.why.rule", { version: tag.ruleVersion ?? 1, time });
  return t("insight.tags.why.manual", { by: actorName(tag.addedBy, t), time });
}

function actorName(actor: TagActor, t: Translate): string {
  return actor.name ?? (actor.type === "system" ? t("insight.tags.system") : actor.type);
}

/** Tags on the customer with why, adding and removing manual tags, and the history of both kinds. */
export function CustomerTagsCard({ customerId }: { customerId: string }) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const base = `/api/v1/customers/${encodeURIComponent(customerId)}`;
  const tags = useGet<{ data: CustomerTag[] }>(`${base}/tags`);
  const history = useCursorList<TagHistoryEntry>(`${base}/tag-history`, {}, 20);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const held = tags.data?.data ?? [];

  const afterChange = (next: CustomerTag[] | null) => {
    setActionError(null);
    if (next) tags.setData({ data: next });
    else tags.reload();
    history.reload();
  };
  const remove = async (tag: CustomerTag) => {
    try {
      await api.delete(`${base}/tags/${tag.tagId}`);
      afterChange(null);
    } catch (cause) {
      setActionError(cause as ApiError);
    }
  };

  return (
    <Card size="small" title={t("insight.tags.title")} data-testid="customer-tags">
      <ErrorAlert error={tags.error} onRetry={tags.reload} />
      {held.length === 0 && !tags.loading ? (
        <Typography.Text type="secondary">{t("insight.tags.none")}</Typography.Text>
      ) : (
        <List
          size="small"
          loading={tags.loading && !tags.data}
          dataSource={held}
          renderItem={(tag) => (
            <List.Item
              data-testid="customer-tag"
              actions={
                tag.source === "manual" && can("customers:write")
                  ? [
                      <Popconfirm
                        key="remove"
                        title={t("insight.tags.confirmRemove", { name: tag.name })}
                        onConfirm={() => remove(tag)}
                      >
                        <Tooltip title={t("insight.tags.remove")}>
                          <Button
                            size="small"
                            type="text"
                            icon={<CloseOutlined />}
                            aria-label={t("insight.tags.remove")}
                          />
                        </Tooltip>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Flex vertical gap={2}>
                <span>
                  <Tag color={tag.color}>{tag.name}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`insight.tags.source.${tag.source}`)}
                  </Typography.Text>
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="tag-why">
                  {describeTagWhy(tag, t, f.dateTime)}
                  {tag.reason ? ` · ${t("insight.tags.reasonLabel", { reason: tag.reason })}` : ""}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {actionError && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={actionError.message}
          description={actionError.code}
        />
      )}
      {can("customers:write") && (
        <AddManualTag
          base={base}
          held={held}
          onAdded={(next) => afterChange(next)}
          onError={setActionError}
        />
      )}
      <Collapse
        ghost
        size="small"
        style={{ marginTop: 8 }}
        items={[
          {
            key: "history",
            label: t("insight.tags.history"),
            children: (
              <>
                <ErrorAlert error={history.error} onRetry={history.reload} />
                {history.items.length === 0 && !history.loading ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : (
                  <List
                    size="small"
                    loading={history.loading}
                    dataSource={history.items}
                    renderItem={(entry) => (
                      <List.Item data-testid="tag-history-entry">
                        <Typography.Text>
                          {f.dateTime(entry.occurredAt)} ·{" "}
                          {t(entry.action === "added" ? "insight.tags.added" : "insight.tags.removed")}{" "}
                          <Tag>{entry.tagName}</Tag>
                          {t(`insight.tags.source.${entry.source}`)} · {actorName(entry.by, t)}
                          {entry.reason ? ` · ${entry.reason}` : ""}
                        </Typography.Text>
                      </List.Item>
                    )}
                  />
                )}
                {history.hasMore && (
                  <Button size="small" onClick={history.loadMore}>
                    {t("common.loadMore")}
                  </Button>
                )}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

function AddManualTag({
  base,
  held,
  onAdded,
  onError,
}: {
  base: string;
  held: CustomerTag[];
  onAdded: (tags: CustomerTag[]) => void;
  onError: (error: ApiError | null) => void;
}) {
  const t = useT();
  const manual = useGet<Page<ManualTagChoice> | { data: ManualTagChoice[] }>("/api/v1/tags?kind=manual");
  const [tagId, setTagId] = useState<string | undefined>();
  const [reason, setReason] = useState("");
  const [saving, setSaving] = useState(false);
  const heldIds = new Set(held.map((tag) => tag.tagId));
  const options = (manual.data?.data ?? [])
    .filter((tag) => tag.kind === "manual" && !heldIds.has(tag.id))
    .map((tag) => ({ value: tag.id, label: <Tag color={tag.color}>{tag.name}</Tag>, name: tag.name }));
  const add = async () => {
    if (!tagId) return;
    setSaving(true);
    try {
      const next = await api.post<{ data: CustomerTag[] }>(`${base}/tags`, {
        tagId,
        reason: reason.trim() || null,
      });
      setTagId(undefined);
      setReason("");
      onAdded(next.data);
    } catch (cause) {
      onError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };
  if (manual.data && manual.data.data.filter((tag) => tag.kind === "manual").length === 0) {
    return (
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t("insight.tags.noManual")}
      </Typography.Paragraph>
    );
  }
  return (
    <Flex gap={8} wrap style={{ marginTop: 8 }}>
      <Select
        style={{ minWidth: 160, flex: 1 }}
        placeholder={t("insight.tags.pick")}
        value={tagId}
        onChange={setTagId}
        loading={manual.loading}
        options={options}
        showSearch={{ optionFilterProp: "name" }}
        data-testid="add-tag-select"
      />
      <Input
        style={{ minWidth: 140, flex: 1 }}
        placeholder={t("insight.tags.reason")}
        value={reason}
        maxLength={200}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button type="primary" onClick={add} disabled={!tagId} loading={saving} data-testid="add-tag">
        {t("insight.tags.add")}
      </Button>
    </Flex>
  );
}
