import {
  BarChartOutlined,
  EditOutlined,
  LinkOutlined,
  LockOutlined,
  PlusOutlined,
  StopOutlined,
} from "@ant-design/icons";
import { App, Button, Empty, Input, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../../../shared/api";
import type { ShortLink } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";
import { QrDownloadButton } from "./qr-download";
import { ShortLinkModal } from "./short-link-modal";

type Editing = { link: ShortLink | null } | null;

export function isExpired(link: ShortLink, now = Date.now()): boolean {
  return link.expiresAt !== null && Date.parse(link.expiresAt) <= now;
}

/** 短链: every link with its short URL, target, hits, QR and stats. */
export function ShortLinksPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const manage = can("links:manage");
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [q, setQ] = useState("");
  const list = useCursorList<ShortLink>("/api/v1/short-links", { q: q || undefined });
  const [editing, setEditing] = useState<Editing>(null);

  async function archive(link: ShortLink) {
    try {
      const archived = await api.delete<ShortLink>(`/api/v1/short-links/${link.id}`);
      list.replaceItem(archived, (a, b) => a.id === b.id);
      message.success(t("links.archived"));
    } catch (cause) {
      notifyError(cause);
    }
  }

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ link: null })}>
      {t("links.create")}
    </Button>
  );

  return (
    <>
      <PageHeader title={t("links.title")} extra={manage && createButton} />
      <Input.Search
        allowClear
        placeholder={t("links.search")}
        onSearch={setQ}
        style={{ maxWidth: 360, marginBottom: 16 }}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<ShortLink>
        rowKey="id"
        loading={list.loading && list.items.length === 0}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <Empty
              image={<LinkOutlined style={{ fontSize: 40, color: "#bbb" }} />}
              description={t("links.empty")}
            >
              {manage && createButton}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t("links.field.link"),
            key: "link",
            width: 300,
            render: (_, link) => (
              <span>
                <Typography.Text strong>{link.title || link.slug}</Typography.Text>{" "}
                {link.hasPassword && <LockOutlined title={t("links.field.password")} />}
                <br />
                <Typography.Text
                  copyable={{ text: link.shortUrl }}
                  data-testid="short-url"
                  style={{ whiteSpace: "nowrap" }}
                >
                  {link.shortUrl.replace(/^https?:\/\//u, "")}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t("links.field.target"),
            key: "target",
            render: (_, link) => (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }}>
                {link.target}
              </Typography.Text>
            ),
          },
          {
            title: t("links.hits"),
            key: "hits",
            align: "right",
            width: 110,
            render: (_, link) => (
              <span data-testid="link-hits">
                {link.human.toLocaleString()}
                <Typography.Text type="secondary"> / {link.hits.toLocaleString()}</Typography.Text>
              </span>
            ),
          },
          {
            title: t("links.field.status"),
            key: "status",
            width: 90,
            render: (_, link) =>
              link.status === "archived" ? (
                <Tag>{t("links.status.archived")}</Tag>
              ) : isExpired(link) ? (
                <Tag color="orange">{t("links.status.expired")}</Tag>
              ) : (
                <Tag color="green">{t("links.status.active")}</Tag>
              ),
          },
          {
            title: t("links.field.expiresAt"),
            key: "expiresAt",
            width: 150,
            render: (_, link) => (link.expiresAt ? f.dateTime(link.expiresAt) : t("links.never")),
          },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_, link) => (
              <Space wrap>
                <Link to={`/links/${link.id}`}>
                  <Button size="small" icon={<BarChartOutlined />}>
                    {t("links.stats")}
                  </Button>
                </Link>
                <QrDownloadButton link={link} size="small" />
                {manage && (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ link })}>
                    {t("common.edit")}
                  </Button>
                )}
                {manage && link.status === "active" && (
                  <Popconfirm title={t("links.archiveConfirm")} onConfirm={() => archive(link)}>
                    <Button size="small" danger icon={<StopOutlined />}>
                      {t("links.archive")}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      {editing && (
        <ShortLinkModal
          link={editing.link}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            message.success(t("common.saved"));
            if (editing.link) list.replaceItem(saved, (a, b) => a.id === b.id);
            else list.reload();
          }}
        />
      )}
    </>
  );
}
