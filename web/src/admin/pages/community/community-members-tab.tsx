import { DeleteOutlined, UploadOutlined, UserAddOutlined } from "@ant-design/icons";
import { Alert, App, Button, Input, Popconfirm, Space, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Community, CommunityMember, ImportReport, JoinOutcome } from "../../../shared/community-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";

/** Members of a community: search, record one by phone, import a CSV of phones, remove. */
export function CommunityMembersTab({ community, onCount }: { community: Community; onCount: () => void }) {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [q, setQ] = useState("");
  const [phone, setPhone] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const members = useCursorList<CommunityMember>(`/api/v1/communities/${community.id}/members`, {
    q: q || undefined,
  });

  const changed = () => {
    members.reload();
    onCount();
  };

  async function add() {
    try {
      const outcome = await api.post<JoinOutcome>(`/api/v1/communities/${community.id}/members`, { phone });
      message.success(outcome.joined ? t("community.members.added") : t("community.members.already"));
      setPhone("");
      changed();
    } catch (cause) {
      notifyError(cause);
    }
  }

  async function importCsv(file: File) {
    const form = new FormData();
    form.append("file", file);
    try {
      setReport(await api.post<ImportReport>(`/api/v1/communities/${community.id}/members/import`, form));
      changed();
    } catch (cause) {
      notifyError(cause);
    }
    return false;
  }

  async function remove(member: CommunityMember) {
    try {
      await api.delete(`/api/v1/communities/${community.id}/members/${member.customerId}`);
      changed();
    } catch (cause) {
      notifyError(cause);
    }
  }

  const problems = report?.rows.filter((r) => r.outcome !== "joined" && r.outcome !== "already_member") ?? [];
  return (
    <Space direction="vertical" size={12} style={{ width: "100%" }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t("community.members.search")}
          onSearch={setQ}
          style={{ width: 240 }}
          data-testid="member-search"
        />
        <Space.Compact>
          <Input
            placeholder={t("common.phone")}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            style={{ width: 180 }}
          />
          <Button icon={<UserAddOutlined />} onClick={add} disabled={!phone.trim()}>
            {t("community.members.add")}
          </Button>
        </Space.Compact>
        <Upload accept=".csv,text/csv,text/plain" showUploadList={false} beforeUpload={importCsv}>
          <Button icon={<UploadOutlined />}>{t("community.members.import")}</Button>
        </Upload>
      </Space>
      <Typography.Text type="secondary">{t("community.members.importHint")}</Typography.Text>
      {report && (
        <Alert
          type={problems.length ? "warning" : "success"}
          showIcon
          closable
          onClose={() => setReport(null)}
          message={t("community.members.report", {
            joined: report.joined,
            already: report.alreadyMembers,
            unknown: report.unknownPhones,
            invalid: report.invalidPhones,
            full: report.full,
          })}
          description={
            problems.length ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.slice(0, 20).map((r) => (
                  <li key={r.line}>
                    {t("community.members.reportRow", { line: r.line, phone: r.phone })}{" "}
                    {t(`community.members.outcome.${r.outcome}`)}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <ErrorAlert error={members.error} onRetry={members.reload} />
      <Table<CommunityMember>
        rowKey="customerId"
        size="small"
        pagination={false}
        loading={members.loading && members.items.length === 0}
        dataSource={members.items}
        scroll={{ x: 640 }}
        data-testid="community-members"
        columns={[
          { title: t("common.name"), key: "name", render: (_, m) => m.name ?? "—" },
          { title: t("common.phone"), dataIndex: "phone", render: (v: string | null) => v ?? "—" },
          { title: t("community.members.source"), dataIndex: "source" },
          {
            title: t("community.members.joinedAt"),
            dataIndex: "joinedAt",
            render: (v: string) => f.dateTime(v),
          },
          {
            title: t("community.members.rules"),
            dataIndex: "rulesAcceptedAt",
            render: (v: string | null) => (v ? f.dateTime(v) : "—"),
          },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_, m) => (
              <Popconfirm title={t("community.members.confirmRemove")} onConfirm={() => remove(m)}>
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("community.members.remove")}
                />
              </Popconfirm>
            ),
          },
        ]}
      />
      <LoadMore hasMore={members.hasMore} loading={members.loading} onClick={members.loadMore} />
    </Space>
  );
}
