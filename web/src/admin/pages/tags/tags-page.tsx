import { PlusOutlined } from "@ant-design/icons";
import { Tag as AntTag, App, Button, Col, Empty, Popconfirm, Row, Table } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../../../shared/api";
import type { List, Tag, TagGroup } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { allGroups, TagGroupsCard, ungrouped } from "./tag-groups-card";
import { TagModal } from "./tag-modal";

/** 标签管理: groups, manual and rule tags with their holder counts. */
export function TagsPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const manage = can("tags:manage");
  const [group, setGroup] = useState(allGroups);
  const [editing, setEditing] = useState<{ tag: Tag | null } | null>(null);
  const groups = useGet<List<TagGroup>>("/api/v1/tags/groups");
  const tags = useGet<List<Tag>>("/api/v1/tags");
  const groupList = groups.data?.data ?? [];
  const shown = (tags.data?.data ?? []).filter((tag) =>
    group === allGroups ? true : group === ungrouped ? tag.groupId === null : tag.groupId === group,
  );
  const groupName = (id: string | null) => groupList.find((g) => g.id === id)?.name ?? t("tags.ungrouped");

  const remove = async (tag: Tag) => {
    try {
      await api.delete(`/api/v1/tags/${tag.id}`);
      message.success(t("common.deleted"));
      tags.reload();
    } catch (cause) {
      notifyError(cause);
    }
  };

  return (
    <>
      <PageHeader
        title={t("menu.tags")}
        extra={
          manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ tag: null })}
              data-testid="tag-create"
            >
              {t("tags.create")}
            </Button>
          )
        }
      />
      <ErrorAlert
        error={groups.error ?? tags.error}
        onRetry={() => {
          groups.reload();
          tags.reload();
        }}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={7} xl={5}>
          <TagGroupsCard
            groups={groupList}
            selected={group}
            onSelect={setGroup}
            manage={manage}
            onChanged={() => {
              groups.reload();
              tags.reload();
            }}
          />
        </Col>
        <Col xs={24} md={17} xl={19}>
          <Table<Tag>
            rowKey="id"
            loading={tags.loading}
            dataSource={shown}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{
              emptyText: <Empty description={manage ? t("tags.emptyCanCreate") : t("tags.empty")} />,
            }}
            columns={[
              {
                title: t("tags.name"),
                dataIndex: "name",
                render: (name: string, tag) => (
                  <Link to={`/tags/${tag.id}`}>
                    <AntTag color={tag.color}>{name}</AntTag>
                  </Link>
                ),
              },
              {
                title: t("tags.kind"),
                dataIndex: "kind",
                render: (kind: Tag["kind"]) => t(kind === "rule" ? "tags.kind.rule" : "tags.kind.manual"),
              },
              { title: t("tags.group"), dataIndex: "groupId", render: (id: string | null) => groupName(id) },
              {
                title: t("tags.holders"),
                dataIndex: "customerCount",
                align: "right",
                render: (n: number) => n.toLocaleString(),
              },
              {
                title: t("tags.evaluatedAt"),
                dataIndex: "evaluatedAt",
                render: (v: string | null, tag) => (tag.kind === "rule" ? f.dateTime(v) : "—"),
              },
              {
                title: t("common.actions"),
                key: "actions",
                render: (_, tag) => (
                  <span style={{ whiteSpace: "nowrap" }}>
                    <Link to={`/tags/${tag.id}`}>{t("tags.holders")}</Link>
                    {" · "}
                    <Link to={`/personas/tag/${tag.id}`}>{t("segments.persona")}</Link>
                    {manage && (
                      <>
                        {" · "}
                        <Button
                          type="link"
                          size="small"
                          style={{ padding: 0 }}
                          onClick={() => setEditing({ tag })}
                        >
                          {t("common.edit")}
                        </Button>
                        {" · "}
                        <Popconfirm
                          title={t("tags.confirmDelete", { name: tag.name })}
                          onConfirm={() => remove(tag)}
                        >
                          <Button type="link" danger size="small" style={{ padding: 0 }}>
                            {t("tags.delete")}
                          </Button>
                        </Popconfirm>
                      </>
                    )}
                  </span>
                ),
              },
            ]}
          />
        </Col>
      </Row>
      <TagModal
        open={editing !== null}
        tag={editing?.tag ?? null}
        groups={groupList}
        defaultGroupId={group === allGroups || group === ungrouped ? null : group}
        onClose={() => setEditing(null)}
        onSaved={(tag) => {
          const created = editing?.tag === null;
          setEditing(null);
          tags.reload();
          if (created) navigate(`/tags/${tag.id}`);
        }}
      />
    </>
  );
}
