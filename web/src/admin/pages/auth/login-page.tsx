import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../shared/api";
import type { Me } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useSession } from "../../session";
import { AuthCard } from "./auth-card";

type LoginForm = { login: string; password: string };

export function LoginPage() {
  const t = useT();
  const { signedIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: LoginForm) {
    setBusy(true);
    setError(null);
    try {
      signedIn(await api.post<Me>("/api/auth/login", values, { quietUnauthenticated: true }));
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t("auth.loginTitle")}>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
      )}
      <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="login"
          label={t("auth.login")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input autoComplete="username" autoFocus placeholder={t("auth.loginPlaceholder")} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("auth.password")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t("auth.signIn")}
        </Button>
      </Form>
    </AuthCard>
  );
}
