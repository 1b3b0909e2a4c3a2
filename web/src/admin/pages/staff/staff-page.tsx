import { UserAddOutlined } from "@ant-design/icons";
import { Button, Card } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Invitation, List, Staff, Store } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { InvitationsTable } from "./invitations-table";
import { InviteModal } from "./invite-modal";
import { type StaffChange, StaffTable } from "./staff-table";

export function StaffPage() {
  const t = useT();
  const notifyError = useNotifyError();
  const staff = useGet<List<Staff>>("/api/v1/staff");
  const invitations = useGet<List<Invitation>>("/api/v1/staff/invitations");
  const stores = useGet<List<Store>>("/api/v1/stores");
  const [inviting, setInviting] = useState(false);

  async function update(member: Staff, change: StaffChange) {
    try {
      const updated = await api.patch<Staff>(`/api/v1/staff/${member.id}`, change);
      if (staff.data)
        staff.setData({ data: staff.data.data.map((s) => (s.id === updated.id ? updated : s)) });
    } catch (cause) {
      notifyError(cause);
    }
  }

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
      <StaffTable
        staff={staff.data?.data ?? []}
        stores={stores.data?.data ?? []}
        loading={staff.loading}
        onChange={update}
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
