import { Alert, App, Button, Divider, Form, Input, Select, Typography } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../shared/api";
import type { DemoResult, Me, SetupInput } from "../../../shared/api-types";
import { commonTimeZones } from "../../../shared/time";
import { useLocale } from "../../i18n/locale-context";
import { useSession } from "../../session";
import { AuthCard } from "./auth-card";

type SetupForm = {
  shopName: string;
  slug: string;
  timeZone: string;
  ownerName: string;
  email: string;
  password: string;
};

// Most shops are in China; a browser elsewhere (or a server-side UTC one) should not change that default.
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const defaultZone =
  browserZone !== "UTC" && commonTimeZones.includes(browserZone) ? browserZone : "Asia/Shanghai";

/** First run on an empty database: create the owner and the first shop, or load the demo shop. */
export function SetupPage() {
  const { t, locale } = useLocale();
  const { signedIn } = useSession();
  const { modal } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"setup" | "demo" | null>(null);

  async function run(kind: "setup" | "demo", action: () => Promise<void>) {
    setBusy(kind);
    setError(null);
    try {
      await action();
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.message : String(cause));
    } finally {
      setBusy(null);
    }
  }

  const setUp = (values: SetupForm) =>
    run("setup", async () => {
      const input: SetupInput = {
        shop: { name: values.shopName, slug: values.slug, timeZone: values.timeZone, locale },
        owner: { name: values.ownerName, email: values.email, password: values.password },
      };
      signedIn(await api.post<Me>("/api/setup", input));
    });

  const loadDemo = () =>
    run("demo", async () => {
      const demo = await api.post<DemoResult>("/api/setup/demo");
      const me = await api.post<Me>("/api/auth/login", {
        login: demo.login.email,
        password: demo.login.password,
      });
      modal.info({
        title: t("setup.demoLoaded"),
        content: (
          <div data-testid="demo-login">
            <p>{t("setup.demoLoginHint")}</p>
            <Typography.Paragraph copyable={{ text: demo.login.email }}>
              {t("auth.login")}: <b>{demo.login.email}</b>
            </Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: demo.login.password }}>
              {t("auth.password")}: <b>{demo.login.password}</b>
            </Typography.Paragraph>
          </div>
        ),
        onOk: () => signedIn(me),
      });
    });

  return (
    <AuthCard title={t("setup.title")} width={520}>
      <Typography.Paragraph type="secondary">{t("setup.intro")}</Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="setup-error" />
      )}
      <Form<SetupForm>
        layout="vertical"
        requiredMark={false}
        onFinish={setUp}
        initialValues={{ timeZone: defaultZone }}
      >
        <Typography.Title level={5}>{t("setup.shop")}</Typography.Title>
        <Form.Item
          name="shopName"
          label={t("setup.shopName")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="slug"
          label={t("setup.slug")}
          extra={t("setup.slugHint")}
          rules={[
            { required: true, message: t("form.required") },
            { pattern: /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/, message: t("setup.slugInvalid") },
          ]}
        >
          <Input placeholder="my-shop" />
        </Form.Item>
        <Form.Item name="timeZone" label={t("settings.timeZone")}>
          <Select showSearch options={commonTimeZones.map((zone) => ({ value: zone, label: zone }))} />
        </Form.Item>
        <Typography.Title level={5}>{t("setup.owner")}</Typography.Title>
        <Form.Item
          name="ownerName"
          label={t("common.name")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="email"
          label={t("common.email")}
          rules={[{ required: true, type: "email", message: t("form.email") }]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("auth.password")}
          rules={[{ required: true, min: 8, message: t("form.passwordMin") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy === "setup"} disabled={busy === "demo"}>
          {t("setup.create")}
        </Button>
      </Form>
      <Divider plain>{t("common.or")}</Divider>
      <Button
        block
        onClick={loadDemo}
        loading={busy === "demo"}
        disabled={busy === "setup"}
        data-testid="load-demo"
      >
        {t("setup.loadDemo")}
      </Button>
      {busy === "demo" && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: "center" }}>
          {t("setup.demoLoading")}
        </Typography.Paragraph>
      )}
    </AuthCard>
  );
}
