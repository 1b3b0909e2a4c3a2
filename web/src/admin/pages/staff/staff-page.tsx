import { UserAddOutlined } from "@ant-design/icons";
import { Button, Card, Popconfirm, Select, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Invitation, List, Staff, StaffRole, Store } from "../../../shared/api-types";
import { staffRoles } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useMe } from "../../session";
import { useGet } from "../../use-api";
import { InvitationsTable } from "./invitations-table";
import { InviteModal } from "./invite-modal";

export function StaffPage() {
  const t = useT();
  const me = useMe();
  const notifyError = useNotifyError();
  const staff = useGet<List<Staff>>("/api/v1/staff");
  const invitations = useGet<List<Invitation>>("/api/v1/staff/invitations");
  const stores = useGet<List<Store>>("/api/v1/stores");
  const [inviting, setInviting] = useState(false);

  async function update(member: Staff, change: Partial<Pick<Staff, "role" | "status" | "storeId">>) {
    try {
      const updated = await api.patch<Staff>(`/api/v1/staff/${member.id}`, change);
      if (staff.data)
        staff.setData({ data: staff.data.data.map((s) => (s.id === updated.id ? updated : s)) });
    } catch (cause) {
      notifyError(cause);
    }
  }

  // Managers may not hand out or take away the owner's powers; the server enforces the same.
  const assignable: StaffRole[] = me.role === "owner" ? staffRoles : staffRoles.filter((r) => r !== "owner");
  const isSelf = (member: Staff) => member.userId === me.user.id;

  return (
    <>
      <PageHeader
        title={t("menu.staff")}
        extra={
          <Button
            type="primary"
            icon={<UserAddOutlined />}
            onClick={() => setInviting(true)}
            data-testid="invite-staff"
          >
            {t("staff.invite")}
          </Button>
        }
      />
      <ErrorAlert error={staff.error} onRetry={staff.reload} />
      <Table<Staff>
        rowKey="id"
        loading={staff.loading}
        dataSource={staff.data?.data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        style={{ marginBottom: 16 }}
        columns={[
          { title: t("common.name"), dataIndex: "name" },
          { title: t("common.email"), dataIndex: "email" },
          { title: t("common.phone"), dataIndex: "phone" },
          {
            title: t("staff.role"),
            dataIndex: "role",
            render: (role: StaffRole, member) => (
              <Select<StaffRole>
                size="small"
                value={role}
                style={{ width: 120 }}
                disabled={isSelf(member) || (role === "owner" && me.role !== "owner")}
                onChange={(next) => update(member, { role: next })}
                options={assignable.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
            ),
          },
          {
            title: t("staff.store"),
            dataIndex: "storeId",
            render: (storeId: string | null, member) => (
              <Select<string>
                size="small"
                allowClear
                value={storeId ?? undefined}
                placeholder={t("staff.allStores")}
                style={{ width: 140 }}
                onChange={(next) => update(member, { storeId: next ?? null })}
                options={(stores.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            ),
          },
          {
            title: t("staff.status"),
            dataIndex: "status",
            render: (status: Staff["status"], member) => (
              <>
                <Tag color={status === "active" ? "green" : "default"}>{t(`staffStatus.${status}`)}</Tag>
                {!isSelf(member) && (
                  <Popconfirm
                    title={t(status === "active" ? "staff.confirmDisable" : "staff.confirmEnable", {
                      name: member.name,
                    })}
                    onConfirm={() => update(member, { status: status === "active" ? "disabled" : "active" })}
                  >
                    <Button size="small" type="link">
                      {t(status === "active" ? "staff.disable" : "staff.enable")}
                    </Button>
                  </Popconfirm>
                )}
              </>
            ),
          },
        ]}
      />
      <Card size="small" title={t("staff.pendingInvitations")}>
        <ErrorAlert error={invitations.error} onRetry={invitations.reload} />
        <InvitationsTable
          invitations={invitations.data?.data ?? []}
          loading={invitations.loading}
          onChanged={invitations.reload}
        />
      </Card>
      {inviting && <InviteModal onClose={() => setInviting(false)} onInvited={invitations.reload} />}
    </>
  );
}
