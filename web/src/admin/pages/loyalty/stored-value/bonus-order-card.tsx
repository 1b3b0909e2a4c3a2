import { SaveOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Radio, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { LoyaltySettings, StoredValueBonusOrder } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useT } from "../../../i18n/locale-context";
import type { Loaded } from "../../../use-api";

const orders: StoredValueBonusOrder[] = ["principal_first", "pro_rata"];

/** Whether a payment from stored value takes the member's own money first or principal and bonus pro rata. */
export function BonusOrderCard({
  settings,
  editable,
}: {
  settings: Loaded<LoyaltySettings>;
  editable: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [value, setValue] = useState<StoredValueBonusOrder | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const saved = settings.data?.storedValueBonusOrder ?? null;

  useEffect(() => {
    if (saved) setValue(saved);
  }, [saved]);

  const save = async () => {
    if (!value) return;
    setSaving(true);
    try {
      const next = await api.patch<LoyaltySettings>("/api/v1/loyalty/settings", {
        storedValueBonusOrder: value,
      });
      settings.setData(next);
      setError(null);
      message.success(t("wallet.settings.saved"));
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title={t("wallet.sv.order.title")}
      loading={settings.loading && !settings.data}
      data-testid="bonus-order"
    >
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      {value && (
        <Flex vertical gap={12}>
          <Radio.Group value={value} disabled={!editable} onChange={(e) => setValue(e.target.value)}>
            <Space direction="vertical">
              {orders.map((order) => (
                <Radio key={order} value={order} data-testid={`bonus-order-${order}`}>
                  <div>{t(`wallet.sv.order.${order}`)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`wallet.sv.order.${order}.hint`)}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          {error && <Alert type="error" showIcon title={error.message} />}
          {editable && (
            <Flex justify="flex-end">
              <Button
                type="primary"
                icon={<SaveOutlined />}
                disabled={value === saved}
                loading={saving}
                onClick={save}
                data-testid="save-bonus-order"
              >
                {t("wallet.settings.save")}
              </Button>
            </Flex>
          )}
        </Flex>
      )}
    </Card>
  );
}
