import { App, Button, Empty, Popconfirm, Table, Tag } from "antd";
import { api } from "../../../shared/api";
import type { Invitation } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

type Props = { invitations: Invitation[]; loading: boolean; onChanged: () => void };

export function InvitationsTable({ invitations, loading, onChanged }: Props) {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const pending = invitations.filter(
    (inv) => !inv.acceptedAt && !inv.revokedAt && new Date(inv.expiresAt).getTime() > Date.now(),
  );

  async function revoke(invitation: Invitation) {
    try {
      await api.delete(`/api/v1/staff/invitations/${invitation.id}`);
      message.success(t("staff.revoked"));
      onChanged();
    } catch (cause) {
      notifyError(cause);
    }
  }

  if (!loading && pending.length === 0) return <Empty description={t("staff.noPending")} />;
  return (
    <Table<Invitation>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={pending}
      pagination={false}
      scroll={{ x: 600 }}
      columns={[
        { title: t("common.email"), dataIndex: "email" },
        { title: t("common.name"), dataIndex: "name" },
        {
          title: t("staff.role"),
          dataIndex: "role",
          render: (r: Invitation["role"]) => <Tag>{t(`role.${r}`)}</Tag>,
        },
        { title: t("staff.expiresAt"), dataIndex: "expiresAt", render: (v: string) => f.dateTime(v) },
        {
          title: t("common.actions"),
          key: "actions",
          render: (_, inv) => (
            <Popconfirm title={t("staff.confirmRevoke")} onConfirm={() => revoke(inv)}>
              <Button size="small" danger>
                {t("staff.revoke")}
              </Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}
