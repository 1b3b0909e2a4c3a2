import { SaveOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  InputNumber,
  Row,
  Select,
  Switch,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { LoyaltySettings, LoyaltySettingsChange, PointsExpiry } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useT } from "../../../i18n/locale-context";
import type { Loaded } from "../../../use-api";
import { fieldErrorsOf } from "./field-errors";

type Draft = Required<Omit<LoyaltySettingsChange, "storedValueBonusOrder">>;
const fields = [
  "pointsPendingDays",
  "pointsExpiry",
  "allowNegativePoints",
  "profileCompletionPoints",
] as const;

const draftOf = (s: LoyaltySettings): Draft => ({
  pointsPendingDays: s.pointsPendingDays,
  pointsExpiry: s.pointsExpiry,
  allowNegativePoints: s.allowNegativePoints,
  profileCompletionPoints: s.profileCompletionPoints,
});

/** Pending period, expiry rule, negative balances and profile completion points. */
export function PointsSettingsCard({
  settings,
  editable,
}: {
  settings: Loaded<LoyaltySettings>;
  editable: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (settings.data && !dirty) setDraft(draftOf(settings.data));
  }, [settings.data, dirty]);

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setDirty(true);
    setError(null);
  };
  const save = async () => {
    if (!draft) return;
    setSaving(true);
    try {
      const saved = await api.patch<LoyaltySettings>("/api/v1/loyalty/settings", draft);
      settings.setData(saved);
      setDirty(false);
      setError(null);
      message.success(t("wallet.settings.saved"));
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };

  const problems = error ? fieldErrorsOf(error.details, error.message, fields) : null;
  const item = (name: (typeof fields)[number], label: string, control: React.ReactNode, extra?: string) => (
    <Form.Item
      label={label}
      extra={extra}
      validateStatus={problems?.byField[name] ? "error" : undefined}
      help={problems?.byField[name]}
      style={{ marginBottom: 8 }}
    >
      {control}
    </Form.Item>
  );
  const expiry = draft?.pointsExpiry;
  const setExpiryKind = (kind: PointsExpiry["kind"]) =>
    edit({ pointsExpiry: kind === "months" ? { kind, months: 12 } : { kind } });

  return (
    <Card
      size="small"
      title={t("wallet.settings.title")}
      loading={settings.loading && !settings.data}
      data-testid="points-settings"
    >
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      {draft && expiry && (
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={5}>
              {item(
                "pointsPendingDays",
                t("wallet.settings.pendingDays"),
                <InputNumber
                  min={0}
                  max={365}
                  precision={0}
                  style={{ width: "100%" }}
                  value={draft.pointsPendingDays}
                  disabled={!editable}
                  onChange={(v) => edit({ pointsPendingDays: v ?? 0 })}
                  data-testid="points-pending-days"
                />,
                t("wallet.settings.pendingDaysHint"),
              )}
            </Col>
            <Col xs={24} sm={12} lg={8}>
              {item(
                "pointsExpiry",
                t("wallet.settings.expiry"),
                <Flex gap={8}>
                  <Select
                    value={expiry.kind}
                    disabled={!editable}
                    onChange={setExpiryKind}
                    style={{ flex: 1, minWidth: 0 }}
                    options={(["none", "months", "year_end"] as const).map((kind) => ({
                      value: kind,
                      label: t(`wallet.settings.expiry.${kind}`),
                    }))}
                    data-testid="points-expiry-kind"
                  />
                  {expiry.kind === "months" && (
                    <InputNumber
                      min={1}
                      max={120}
                      precision={0}
                      value={expiry.months}
                      disabled={!editable}
                      suffix={t("wallet.settings.monthsSuffix")}
                      style={{ width: 110 }}
                      onChange={(v) => edit({ pointsExpiry: { kind: "months", months: v ?? 1 } })}
                      data-testid="points-expiry-months"
                    />
                  )}
                </Flex>,
              )}
            </Col>
            <Col xs={24} sm={12} lg={5}>
              {item(
                "profileCompletionPoints",
                t("wallet.settings.profilePoints"),
                <InputNumber
                  min={0}
                  max={1_000_000}
                  precision={0}
                  style={{ width: "100%" }}
                  value={draft.profileCompletionPoints}
                  disabled={!editable}
                  onChange={(v) => edit({ profileCompletionPoints: v ?? 0 })}
                  data-testid="points-profile-points"
                />,
                t("wallet.settings.profilePointsHint"),
              )}
            </Col>
            <Col xs={24} sm={12} lg={6}>
              {item(
                "allowNegativePoints",
                t("wallet.settings.negative"),
                <Switch
                  checked={draft.allowNegativePoints}
                  disabled={!editable}
                  onChange={(allowNegativePoints) => edit({ allowNegativePoints })}
                  data-testid="points-allow-negative"
                />,
                t("wallet.settings.negativeHint"),
              )}
            </Col>
          </Row>
          {problems?.general && (
            <Alert type="error" showIcon title={problems.general} style={{ marginBottom: 8 }} />
          )}
          {editable && (
            <Flex gap={8} align="center" justify="flex-end">
              {dirty && <Typography.Text type="warning">{t("wallet.unsaved")}</Typography.Text>}
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={saving}
                disabled={!dirty}
                onClick={save}
                data-testid="save-points-settings"
              >
                {t("wallet.settings.save")}
              </Button>
            </Flex>
          )}
        </Form>
      )}
    </Card>
  );
}
