import { Alert, Button, Form, Input, Result, Spin, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, api } from "../../../shared/api";
import type { InvitationInfo, Me } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useSession } from "../../session";
import { useGet } from "../../use-api";
import { AuthCard } from "./auth-card";

type AcceptForm = { name?: string; password: string };

/** /admin/invite/:token — the invitee sets a password (or gives the existing one) and lands signed in. */
export function InvitePage() {
  const t = useT();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const path = `/api/auth/invitations/${encodeURIComponent(token)}`;
  const invitation = useGet<InvitationInfo>(path);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function accept(values: AcceptForm) {
    setBusy(true);
    setError(null);
    try {
      signedIn(await api.post<Me>(`${path}/accept`, values, { quietUnauthenticated: true }));
      navigate("/");
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  }

  if (invitation.loading) return <Spin style={{ display: "block", marginTop: 120 }} size="large" />;
  if (invitation.error || !invitation.data) {
    return <Result status="warning" title={t("invite.invalid")} subTitle={invitation.error?.message} />;
  }
  const info = invitation.data;
  return (
    <AuthCard title={t("invite.title", { shop: info.merchantName })}>
      <Typography.Paragraph>
        {t("invite.intro", { email: info.email, role: t(`role.${info.role}`) })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<AcceptForm>
        layout="vertical"
        requiredMark={false}
        onFinish={accept}
        initialValues={{ name: info.name ?? "" }}
      >
        {!info.hasAccount && (
          <Form.Item
            name="name"
            label={t("common.name")}
            rules={[{ required: true, message: t("form.required") }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={info.hasAccount ? t("invite.existingPassword") : t("invite.newPassword")}
          rules={[{ required: true, min: info.hasAccount ? 1 : 8, message: t("form.passwordMin") }]}
        >
          <Input.Password autoComplete={info.hasAccount ? "current-password" : "new-password"} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t("invite.accept")}
        </Button>
      </Form>
    </AuthCard>
  );
}
