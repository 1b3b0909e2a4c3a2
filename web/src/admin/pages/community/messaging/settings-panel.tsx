import {
  Alert,
  App,
  Button,
  Card,
  Divider,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Switch,
  Typography,
} from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../../shared/api";
import type {
  MessagingSettings,
  MessagingSettingsChange,
  WebhookTestResult,
} from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";

type Fields = {
  guardEnabled: boolean;
  dailyCap: number | null;
  weeklyCap: number | null;
  quietOn: boolean;
  quietStart: string;
  quietEnd: string;
  communityDailyCap: number | null;
  webhookUrl: string;
};

/** Every half hour, as the shop's clock shows it (24-hour). */
const clockOptions = Array.from({ length: 48 }, (_, i) => {
  const value = `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`;
  return { value, label: value };
});

const fieldsOf = (s: MessagingSettings): Fields => ({
  guardEnabled: s.guardEnabled,
  dailyCap: s.dailyCap,
  weeklyCap: s.weeklyCap,
  quietOn: s.quietHours !== null,
  quietStart: s.quietHours?.start ?? "21:00",
  quietEnd: s.quietHours?.end ?? "09:00",
  communityDailyCap: s.communityDailyCap,
  webhookUrl: s.webhookUrl ?? "",
});

/** The guard (caps, quiet hours, in shop time) and the webhook to the merchant's own sender. */
export function SettingsPanel({ editable }: { editable: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const settings = useGet<MessagingSettings>("/api/v1/messaging/settings");
  const [form] = Form.useForm<Fields>();
  const [secret, setSecret] = useState<string | null>(null);
  const [test, setTest] = useState<WebhookTestResult | null>(null);
  const [busy, setBusy] = useState<"save" | "rotate" | "test" | null>(null);
  const quietOn = Form.useWatch("quietOn", form);

  async function save(change: MessagingSettingsChange, kind: "save" | "rotate") {
    setBusy(kind);
    try {
      const saved = await api.put<MessagingSettings>("/api/v1/messaging/settings", change);
      settings.setData(saved);
      form.setFieldsValue(fieldsOf(saved));
      setSecret(saved.webhookSecret ?? null);
      message.success(t("common.saved"));
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === "webhook_url_not_public") {
        form.setFields([{ name: "webhookUrl", errors: [t("messaging.settings.webhookNotPublic")] }]);
      } else notifyError(cause);
    } finally {
      setBusy(null);
    }
  }

  const changeOf = (v: Fields): MessagingSettingsChange => ({
    guardEnabled: v.guardEnabled,
    dailyCap: v.dailyCap ?? null,
    weeklyCap: v.weeklyCap ?? null,
    quietHours: v.quietOn ? { start: v.quietStart, end: v.quietEnd } : null,
    communityDailyCap: v.communityDailyCap ?? null,
    webhookUrl: v.webhookUrl.trim() || null,
  });

  async function runTest() {
    setBusy("test");
    try {
      setTest(await api.post<WebhookTestResult>("/api/v1/messaging/webhook/test"));
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(null);
    }
  }

  if (settings.error) return <ErrorAlert error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <Spin style={{ display: "block", margin: "48px auto" }} />;
  const s = settings.data;
  return (
    <Card style={{ maxWidth: 720 }}>
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={fieldsOf(s)}
        disabled={!editable}
        onFinish={(v) => save(changeOf(v), "save")}
      >
        <Typography.Paragraph type="secondary">
          {t("messaging.settings.zone", { zone: s.timeZone })}
        </Typography.Paragraph>
        <Form.Item
          name="guardEnabled"
          label={t("messaging.settings.guardEnabled")}
          valuePropName="checked"
          extra={t("messaging.settings.guardHint")}
        >
          <Switch />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item
            name="dailyCap"
            label={t("messaging.settings.dailyCap")}
            extra={t("messaging.settings.noCap")}
          >
            <InputNumber min={1} max={100} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="weeklyCap"
            label={t("messaging.settings.weeklyCap")}
            extra={t("messaging.settings.noCap")}
          >
            <InputNumber min={1} max={500} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="communityDailyCap"
            label={t("messaging.settings.communityDailyCap")}
            extra={t("messaging.settings.noCap")}
          >
            <InputNumber min={1} max={100} precision={0} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item label={t("messaging.settings.quietHours")}>
          <Space wrap>
            <Form.Item name="quietOn" valuePropName="checked" noStyle>
              <Switch aria-label={t("messaging.settings.quietOn")} />
            </Form.Item>
            <Form.Item name="quietStart" noStyle rules={[{ required: true }]}>
              <Select
                style={{ width: 110 }}
                options={clockOptions}
                disabled={!quietOn || !editable}
                data-testid="quiet-start"
              />
            </Form.Item>
            <span>–</span>
            <Form.Item name="quietEnd" noStyle rules={[{ required: true }]}>
              <Select
                style={{ width: 110 }}
                options={clockOptions}
                disabled={!quietOn || !editable}
                data-testid="quiet-end"
              />
            </Form.Item>
          </Space>
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t("messaging.settings.webhook")}
        </Divider>
        <Form.Item
          name="webhookUrl"
          label={t("messaging.settings.webhookUrl")}
          extra={t("messaging.settings.webhookHint")}
          rules={[{ pattern: /^(https?:\/\/\S+)?$/, message: "http(s)://…" }]}
        >
          <Input placeholder="https://" maxLength={500} />
        </Form.Item>
        {s.webhookSecretSet ? (
          <Typography.Paragraph type="secondary">{t("messaging.settings.secretSet")}</Typography.Paragraph>
        ) : null}
        {secret ? (
          <Alert
            type="info"
            style={{ marginBottom: 16 }}
            message={t("messaging.settings.newSecret")}
            description={
              <Typography.Text copyable code>
                {secret}
              </Typography.Text>
            }
          />
        ) : null}
        {test ? (
          <Alert
            type={test.ok ? "success" : "error"}
            style={{ marginBottom: 16 }}
            message={
              test.ok
                ? t("messaging.settings.testOk", { status: test.statusCode ?? 0, ms: test.durationMs })
                : t("messaging.settings.testFailed", { error: test.error ?? "" })
            }
          />
        ) : null}
        {editable ? (
          <Space wrap>
            <Button
              type="primary"
              htmlType="submit"
              loading={busy === "save"}
              data-testid="messaging-settings-save"
            >
              {t("common.save")}
            </Button>
            {s.webhookSecretSet ? (
              <>
                <Button
                  loading={busy === "rotate"}
                  onClick={() => save({ rotateWebhookSecret: true }, "rotate")}
                >
                  {t("messaging.settings.rotate")}
                </Button>
                <Button loading={busy === "test"} onClick={runTest}>
                  {t("messaging.settings.test")}
                </Button>
              </>
            ) : null}
          </Space>
        ) : null}
      </Form>
    </Card>
  );
}
