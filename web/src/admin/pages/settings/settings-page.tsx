import { App, Button, Card, Form, Input, Select, Spin } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Settings } from "../../../shared/api-types";
import { commonTimeZones } from "../../../shared/time";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useSession } from "../../session";
import { useGet } from "../../use-api";

type SettingsForm = Omit<Settings, "slug">;

const currencies = ["CNY", "HKD", "TWD", "USD", "SGD", "EUR", "JPY"];

export function SettingsPage() {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const { refreshMe } = useSession();
  const settings = useGet<Settings>("/api/v1/settings");
  const [busy, setBusy] = useState(false);

  async function save(values: SettingsForm) {
    setBusy(true);
    try {
      settings.setData(await api.patch<Settings>("/api/v1/settings", values));
      message.success(t("common.saved"));
      // The header, time zone and default language come from the session's merchant.
      await refreshMe();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  const zones =
    settings.data && !commonTimeZones.includes(settings.data.timeZone)
      ? [settings.data.timeZone, ...commonTimeZones]
      : commonTimeZones;

  return (
    <>
      <PageHeader title={t("menu.settings")} />
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      {settings.loading && !settings.data && <Spin />}
      {settings.data && (
        <Card style={{ maxWidth: 560 }}>
          <Form<SettingsForm> layout="vertical" initialValues={settings.data} onFinish={save}>
            <Form.Item label={t("setup.slug")}>
              <Input value={settings.data.slug} disabled />
            </Form.Item>
            <Form.Item
              name="name"
              label={t("setup.shopName")}
              rules={[{ required: true, message: t("form.required") }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="timeZone" label={t("settings.timeZone")}>
              <Select showSearch options={zones.map((zone) => ({ value: zone, label: zone }))} />
            </Form.Item>
            <Form.Item name="currency" label={t("settings.currency")}>
              <Select options={currencies.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
            <Form.Item name="locale" label={t("settings.language")}>
              <Select
                options={[
                  { value: "zh-CN", label: "简体中文" },
                  { value: "en", label: "English" },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t("common.save")}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
