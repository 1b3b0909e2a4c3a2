import { DownloadOutlined, EditOutlined, PlusOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, App, Button, Dropdown, Empty, Popconfirm, Space, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { api, downloadFile } from "../../../../shared/api";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import type { MessageKey } from "../../../i18n/zh-cn";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { ChannelComparison } from "./channel-comparison";
import { LiveCodeEditor } from "./live-code-editor";
import type { LiveCode, LiveCodeListItem, LiveCodeWarning, TargetOptions } from "./live-codes-api";

type Editing = { code: LiveCode | null } | null;

/** 社群 → 渠道活码: the codes with their figures, warnings to act on, the channel comparison and my duty. */
export function LiveCodesPage() {
  const t = useT();
  const [tab, setTab] = useState("codes");
  return (
    <>
      <PageHeader title={t("liveCodes.title")} />
      <Typography.Paragraph type="secondary">{t("liveCodes.hint")}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: "codes", label: t("liveCodes.tab.codes"), children: <CodesTab /> },
          { key: "compare", label: t("liveCodes.tab.compare"), children: <ChannelComparison /> },
        ]}
      />
    </>
  );
}

function CodesTab() {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const codes = useGet<{ data: LiveCodeListItem[] }>("/api/v1/live-codes");
  const warnings = useGet<{ data: LiveCodeWarning[] }>("/api/v1/live-codes/warnings");
  const options = useGet<TargetOptions>("/api/v1/live-codes/options");
  const [editing, setEditing] = useState<Editing>(null);

  const reload = () => {
    codes.reload();
    warnings.reload();
    options.reload();
  };

  async function edit(id: string) {
    try {
      setEditing({ code: await api.get<LiveCode>(`/api/v1/live-codes/${id}`) });
    } catch (cause) {
      notifyError(cause);
    }
  }

  async function archive(id: string) {
    try {
      await api.delete(`/api/v1/live-codes/${id}`);
      message.success(t("liveCodes.archived"));
      reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  const download = (code: LiveCodeListItem, what: "png" | "svg" | "poster") => {
    const path =
      what === "poster"
        ? `/api/v1/live-codes/${code.id}/poster?download=1`
        : `/api/v1/live-codes/${code.id}/qr?format=${what}&download=1`;
    const name = what === "poster" ? `poster-${code.code}.svg` : `livecode-${code.code}.${what}`;
    downloadFile(path, name).catch(notifyError);
  };

  const warningText = (w: LiveCodeWarning) =>
    w.kind === "nearly_full"
      ? t(w.targetKind === "staff" ? "liveCodes.warnings.staffFull" : "liveCodes.warnings.nearlyFull", {
          code: w.liveCodeName,
          target: w.targetName,
          assigned: w.assigned ?? 0,
          capacity: w.capacity ?? 0,
        })
      : t("liveCodes.warnings.qrExpiring", {
          code: w.liveCodeName,
          target: w.targetName,
          at: f.dateTime(w.expiresAt),
        });

  return (
    <>
      {(warnings.data?.data.length ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="live-code-warnings"
          message={t("liveCodes.warnings.title")}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {warnings.data?.data.map((w) => (
                <li key={`${w.kind}-${w.targetId}`}>{warningText(w)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ code: null })}>
          {t("liveCodes.create")}
        </Button>
      </Space>
      <ErrorAlert error={codes.error} onRetry={codes.reload} />
      <Table<LiveCodeListItem>
        rowKey="id"
        loading={codes.loading && !codes.data}
        dataSource={codes.data?.data ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty description={t("liveCodes.empty")} /> }}
        columns={[
          {
            title: t("liveCodes.col.name"),
            dataIndex: "name",
            render: (name: string, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{name}</Typography.Text>
                <Typography.Text type="secondary" copyable={{ text: `${window.location.origin}${c.path}` }}>
                  {c.path}
                </Typography.Text>
                {c.status === "archived" && <Tag>{t("liveCodes.archived")}</Tag>}
              </Space>
            ),
          },
          {
            title: t("liveCodes.col.kind"),
            dataIndex: "kind",
            render: (k: string) => t(`liveCodes.kind.${k}` as MessageKey),
          },
          {
            title: t("liveCodes.col.strategy"),
            dataIndex: "strategy",
            render: (s: string) => t(`liveCodes.strategy.${s}` as MessageKey),
          },
          { title: t("liveCodes.col.targets"), dataIndex: "targetCount" },
          { title: t("liveCodes.col.scans"), dataIndex: ["stats", "scans"] },
          { title: t("liveCodes.col.joins"), dataIndex: ["stats", "joins"] },
          { title: t("liveCodes.col.firstOrders"), dataIndex: ["stats", "firstOrders"] },
          {
            title: t("liveCodes.col.costPerJoin"),
            dataIndex: ["stats", "costPerJoin"],
            render: (v: number | null) => f.money(v),
          },
          {
            title: t("common.actions"),
            key: "actions",
            fixed: "right",
            render: (_, c) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => edit(c.id)}>
                  {t("common.edit")}
                </Button>
                <Dropdown
                  menu={{
                    items: [
                      { key: "png", label: t("liveCodes.qrPng"), onClick: () => download(c, "png") },
                      { key: "svg", label: t("liveCodes.qrSvg"), onClick: () => download(c, "svg") },
                      { key: "poster", label: t("liveCodes.poster"), onClick: () => download(c, "poster") },
                    ],
                  }}
                >
                  <Button size="small" icon={<DownloadOutlined />} />
                </Dropdown>
                {c.status === "active" && (
                  <Popconfirm title={t("liveCodes.archiveConfirm")} onConfirm={() => archive(c.id)}>
                    <Button size="small" danger icon={<StopOutlined />} aria-label={t("liveCodes.archive")} />
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <LiveCodeEditor
          code={editing.code}
          options={options.data}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </>
  );
}
