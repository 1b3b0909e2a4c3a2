import { DeleteOutlined, PlusOutlined, SaveOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Spin,
  Switch,
  Typography,
} from "antd";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { WelcomeGiftSettings, WelcomeGiftTrigger } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan, useMe } from "../../../session";
import { useGet } from "../../../use-api";
import { GrantedGiftsTable } from "./granted-gifts-table";
import { draftOf, giftBody, giftProblemsOf, joinLink, type WelcomeGiftDraft } from "./welcome-gift-draft";

const triggers: WelcomeGiftTrigger[] = ["first_login", "first_order", "channel"];

/** 新人礼: what a new member receives (points, items staff hand over, a first-order coupon) and on which join. */
export function WelcomeGiftPage() {
  const t = useT();
  const can = useCan();
  const { merchant } = useMe();
  const { message } = App.useApp();
  const editable = can("loyalty:manage");
  const saved = useGet<WelcomeGiftSettings>("/api/v1/loyalty/welcome-gift/settings");
  const [draft, setDraft] = useState<WelcomeGiftDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (saved.data && !dirty) setDraft(draftOf(saved.data));
  }, [saved.data, dirty]);
  const problems = useMemo(
    () => (saveError ? giftProblemsOf(saveError.details, saveError.message) : null),
    [saveError],
  );
  const edit = (patch: Partial<WelcomeGiftDraft>) => {
    if (!draft) return;
    setDraft({ ...draft, ...patch });
    setDirty(true);
    setSaveError(null);
  };
  const save = async () => {
    if (!draft) return;
    setSaving(true);
    try {
      const result = await api.put<WelcomeGiftSettings>(
        "/api/v1/loyalty/welcome-gift/settings",
        giftBody(draft),
      );
      saved.setData(result);
      setDraft(draftOf(result));
      setDirty(false);
      setGeneration((g) => g + 1);
      message.success(t("welcomeGift.saved"));
    } catch (cause) {
      setSaveError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };
  const field = (name: string, label: string, control: ReactNode, extra?: ReactNode) => (
    <Form.Item
      label={label}
      validateStatus={problems?.fields[name] ? "error" : undefined}
      help={problems?.fields[name]}
      extra={extra}
      style={{ marginBottom: 12 }}
    >
      {control}
    </Form.Item>
  );

  return (
    <>
      <PageHeader title={t("welcomeGift.title")} />
      <ErrorAlert error={saved.error} onRetry={saved.reload} />
      {!draft ? (
        saved.loading && <Spin />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t("welcomeGift.intro")}
          </Typography.Paragraph>
          {!editable && <Alert type="info" showIcon title={t("welcomeGift.readOnly")} />}
          {!draft.enabled && (
            <div data-testid="welcome-gift-off">
              <Alert type="warning" showIcon title={t("welcomeGift.offHint")} />
            </div>
          )}
          <Card size="small" title={t("welcomeGift.settings")}>
            <Form layout="vertical" component="div">
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  {field(
                    "enabled",
                    t("welcomeGift.enabled"),
                    <Switch
                      checked={draft.enabled}
                      disabled={!editable}
                      onChange={(enabled) => edit({ enabled })}
                      data-testid="welcome-gift-enabled"
                    />,
                  )}
                </Col>
                <Col xs={24} md={16}>
                  {field(
                    "triggers",
                    t("welcomeGift.triggers"),
                    <Checkbox.Group
                      value={draft.triggers}
                      disabled={!editable}
                      onChange={(value) => edit({ triggers: value as WelcomeGiftTrigger[] })}
                      options={triggers.map((v) => ({ value: v, label: t(`welcomeGift.trigger.${v}`) }))}
                      data-testid="welcome-gift-triggers"
                    />,
                    t("welcomeGift.triggersHint"),
                  )}
                </Col>
                <Col xs={24} md={8}>
                  {field(
                    "points",
                    t("welcomeGift.points"),
                    <InputNumber
                      min={0}
                      max={1_000_000}
                      precision={0}
                      style={{ width: "100%" }}
                      value={draft.points}
                      disabled={!editable}
                      onChange={(v) => edit({ points: v ?? 0 })}
                      data-testid="welcome-gift-points"
                    />,
                  )}
                </Col>
                <Col xs={24} md={16}>
                  {field(
                    "coupon",
                    t("welcomeGift.coupon"),
                    <Input
                      value={draft.couponTemplateId}
                      maxLength={100}
                      disabled={!editable}
                      placeholder={t("welcomeGift.couponPlaceholder")}
                      onChange={(e) => edit({ couponTemplateId: e.target.value })}
                    />,
                    t("welcomeGift.couponHint"),
                  )}
                </Col>
                <Col xs={24}>
                  {field(
                    "items",
                    t("welcomeGift.items"),
                    <Flex vertical gap={8}>
                      {draft.items.length === 0 && (
                        <Typography.Text type="secondary">{t("welcomeGift.itemsEmpty")}</Typography.Text>
                      )}
                      {draft.items.map((item, index) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
                        <Flex key={index} gap={8} align="center">
                          <Input
                            value={item.name}
                            maxLength={100}
                            disabled={!editable}
                            placeholder={t("welcomeGift.itemName")}
                            onChange={(e) =>
                              edit({
                                items: draft.items.map((x, i) =>
                                  i === index ? { ...x, name: e.target.value } : x,
                                ),
                              })
                            }
                            data-testid={`welcome-gift-item-${index}`}
                          />
                          <InputNumber
                            min={1}
                            max={100}
                            precision={0}
                            value={item.quantity}
                            disabled={!editable}
                            addonBefore="×"
                            style={{ width: 120 }}
                            onChange={(v) =>
                              edit({
                                items: draft.items.map((x, i) =>
                                  i === index ? { ...x, quantity: v ?? 1 } : x,
                                ),
                              })
                            }
                          />
                          {editable && (
                            <Button
                              icon={<DeleteOutlined />}
                              aria-label={t("welcomeGift.removeItem")}
                              onClick={() => edit({ items: draft.items.filter((_, i) => i !== index) })}
                            />
                          )}
                        </Flex>
                      ))}
                      {editable && (
                        <Button
                          icon={<PlusOutlined />}
                          style={{ alignSelf: "flex-start" }}
                          disabled={draft.items.length >= 20}
                          onClick={() => edit({ items: [...draft.items, { name: "", quantity: 1 }] })}
                          data-testid="welcome-gift-add-item"
                        >
                          {t("welcomeGift.addItem")}
                        </Button>
                      )}
                    </Flex>,
                  )}
                </Col>
                <Col xs={24}>
                  {field(
                    "channels",
                    t("welcomeGift.channels"),
                    <Select
                      mode="tags"
                      value={draft.channels}
                      disabled={!editable}
                      tokenSeparators={[",", " ", "，"]}
                      placeholder={t("welcomeGift.channelsPlaceholder")}
                      onChange={(channels: string[]) => edit({ channels })}
                      open={false}
                      data-testid="welcome-gift-channels"
                    />,
                    t("welcomeGift.channelsHint"),
                  )}
                  {draft.triggers.includes("channel") && draft.channels.length > 0 && (
                    <Flex vertical gap={4} data-testid="welcome-gift-links">
                      {draft.channels.map((c) => (
                        <Typography.Text key={c} copyable style={{ fontSize: 12 }}>
                          {joinLink(window.location.origin, merchant.slug, c)}
                        </Typography.Text>
                      ))}
                    </Flex>
                  )}
                </Col>
              </Row>
            </Form>
          </Card>
          {problems && problems.general.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={problems.general.join("; ")}
              data-testid="welcome-gift-error"
            />
          )}
          <Flex gap={8} justify="flex-end" align="center">
            {dirty && <Typography.Text type="warning">{t("welcomeGift.unsaved")}</Typography.Text>}
            {editable && (
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={saving}
                disabled={!dirty}
                onClick={save}
                data-testid="welcome-gift-save"
              >
                {t("welcomeGift.save")}
              </Button>
            )}
          </Flex>
          <GrantedGiftsTable key={generation} />
        </Flex>
      )}
    </>
  );
}
