import { Alert, Form, Input, Modal, Select, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { CreatedInvitation, StaffRole } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useMe } from "../../session";

type InviteForm = { email: string; role: StaffRole; name?: string };

/** Invite by email; the server sends nothing itself, so the accept link is shown here to pass on. */
export function InviteModal({ onClose, onInvited }: { onClose: () => void; onInvited: () => void }) {
  const t = useT();
  const me = useMe();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<InviteForm>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const roles: StaffRole[] = me.role === "owner" ? ["manager", "operator", "clerk"] : ["operator", "clerk"];

  async function invite(values: InviteForm) {
    setBusy(true);
    try {
      const body = { ...values, name: values.name?.trim() || undefined };
      setCreated(await api.post<CreatedInvitation>("/api/v1/staff/invitations", body));
      onInvited();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  const link = created ? new URL(created.acceptUrl, window.location.origin).toString() : "";
  return (
    <Modal
      open
      title={t("staff.invite")}
      onCancel={onClose}
      onOk={created ? onClose : () => form.submit()}
      okText={created ? t("common.done") : t("staff.sendInvite")}
      cancelButtonProps={{ style: created ? { display: "none" } : undefined }}
      confirmLoading={busy}
    >
      {created ? (
        <>
          <Alert type="success" showIcon title={t("staff.invited", { email: created.email })} />
          <Typography.Paragraph style={{ marginTop: 16 }}>{t("staff.acceptLinkHint")}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: link }} code data-testid="accept-link">
            {link}
          </Typography.Paragraph>
        </>
      ) : (
        <Form form={form} layout="vertical" initialValues={{ role: "clerk" }} onFinish={invite}>
          <Form.Item
            name="email"
            label={t("common.email")}
            rules={[{ required: true, type: "email", message: t("form.email") }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t("common.name")}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t("staff.role")}>
            <Select options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
