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
  Spin,
  Switch,
  Typography,
} from "antd";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { CheckinAfterCycle, CheckinMakeupRules, CheckinSettings } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import {
  type CheckinDraft,
  checkinProblemsOf,
  cyclePoints,
  draftOf,
  resizeCycle,
  settingsBody,
  updateDay,
} from "./checkin-draft";
import { ScheduleTable } from "./schedule-table";

const afterCycles: CheckinAfterCycle[] = ["restart", "keep_last"];

/** 签到有奖: switch the daily check-in on, the streak reward schedule and the make-up (补签) rules. */
export function CheckinSettingsPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const editable = can("loyalty:manage");
  const saved = useGet<CheckinSettings>("/api/v1/loyalty/checkin/settings");
  const [draft, setDraft] = useState<CheckinDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (saved.data && !dirty) setDraft(draftOf(saved.data));
  }, [saved.data, dirty]);

  const body = useMemo(() => (draft ? settingsBody(draft) : null), [draft]);
  const problems = useMemo(
    () => (saveError && body ? checkinProblemsOf(saveError.details, saveError.message, body) : null),
    [saveError, body],
  );
  const edit = (next: CheckinDraft) => {
    setDraft(next);
    setDirty(true);
    setSaveError(null);
  };
  const editMakeup = (patch: Partial<CheckinMakeupRules>) =>
    draft && edit({ ...draft, makeup: { ...draft.makeup, ...patch } });
  const save = async () => {
    if (!body) return;
    setSaving(true);
    try {
      const result = await api.put<CheckinSettings>("/api/v1/loyalty/checkin/settings", body);
      saved.setData(result);
      setDraft(draftOf(result));
      setDirty(false);
      message.success(t("checkin.saved"));
    } catch (cause) {
      setSaveError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };

  const field = (name: string, label: string, control: ReactNode) => (
    <Form.Item
      label={label}
      validateStatus={problems?.fields[name] ? "error" : undefined}
      help={problems?.fields[name]}
      style={{ marginBottom: 8 }}
    >
      {control}
    </Form.Item>
  );
  const number = (value: number, min: number, max: number, onChange: (v: number) => void, testId: string) => (
    <InputNumber
      min={min}
      max={max}
      precision={0}
      style={{ width: "100%" }}
      value={value}
      disabled={!editable}
      onChange={(v) => onChange(v ?? min)}
      data-testid={testId}
    />
  );

  return (
    <>
      <PageHeader title={t("checkin.title")} />
      <ErrorAlert error={saved.error} onRetry={saved.reload} />
      {!draft ? (
        saved.loading && <Spin />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t("checkin.intro")}
          </Typography.Paragraph>
          {!editable && <Alert type="info" showIcon title={t("checkin.readOnly")} />}
          {!draft.enabled && (
            <div data-testid="checkin-off">
              <Alert type="warning" showIcon title={t("checkin.offHint")} />
            </div>
          )}
          <Card size="small" title={t("checkin.basics")}>
            <Form layout="vertical" component="div">
              <Row gutter={16}>
                <Col xs={24} sm={8}>
                  {field(
                    "enabled",
                    t("checkin.enabled"),
                    <Switch
                      checked={draft.enabled}
                      disabled={!editable}
                      onChange={(enabled) => edit({ ...draft, enabled })}
                      data-testid="checkin-enabled"
                    />,
                  )}
                </Col>
                <Col xs={24} sm={8}>
                  {field(
                    "cycleDays",
                    t("checkin.cycleDays"),
                    number(draft.cycleDays, 1, 31, (v) => edit(resizeCycle(draft, v)), "checkin-cycle-days"),
                  )}
                </Col>
                <Col xs={24} sm={8}>
                  {field(
                    "afterCycle",
                    t("checkin.afterCycle"),
                    <Select
                      value={draft.afterCycle}
                      disabled={!editable}
                      onChange={(afterCycle) => edit({ ...draft, afterCycle })}
                      options={afterCycles.map((a) => ({ value: a, label: t(`checkin.afterCycle.${a}`) }))}
                    />,
                  )}
                </Col>
              </Row>
            </Form>
          </Card>
          <Card
            size="small"
            title={t("checkin.schedule")}
            extra={
              <Typography.Text type="secondary" data-testid="checkin-cycle-total">
                {t("checkin.cycleTotal", { days: draft.cycleDays, points: cyclePoints(draft) })}
              </Typography.Text>
            }
          >
            <ScheduleTable
              days={draft.days}
              errors={problems?.days ?? new Map()}
              editable={editable}
              onChange={(day, patch) => edit(updateDay(draft, day, patch))}
            />
            <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0", fontSize: 12 }}>
              {t("checkin.couponHint")}
            </Typography.Paragraph>
          </Card>
          <Card size="small" title={t("checkin.makeup")}>
            <Form layout="vertical" component="div">
              <Row gutter={16}>
                <Col xs={24} sm={6}>
                  {field(
                    "makeup.enabled",
                    t("checkin.makeupEnabled"),
                    <Switch
                      checked={draft.makeup.enabled}
                      disabled={!editable}
                      onChange={(enabled) => editMakeup({ enabled })}
                      data-testid="checkin-makeup-enabled"
                    />,
                  )}
                </Col>
                <Col xs={24} sm={6}>
                  {field(
                    "makeup.costPoints",
                    t("checkin.makeupCost"),
                    number(
                      draft.makeup.costPoints,
                      0,
                      1_000_000,
                      (costPoints) => editMakeup({ costPoints }),
                      "checkin-makeup-cost",
                    ),
                  )}
                </Col>
                <Col xs={24} sm={6}>
                  {field(
                    "makeup.windowDays",
                    t("checkin.makeupWindow"),
                    number(
                      draft.makeup.windowDays,
                      1,
                      60,
                      (windowDays) => editMakeup({ windowDays }),
                      "checkin-makeup-window",
                    ),
                  )}
                </Col>
                <Col xs={24} sm={6}>
                  {field(
                    "makeup.monthlyLimit",
                    t("checkin.makeupLimit"),
                    number(
                      draft.makeup.monthlyLimit,
                      0,
                      31,
                      (monthlyLimit) => editMakeup({ monthlyLimit }),
                      "checkin-makeup-limit",
                    ),
                  )}
                </Col>
              </Row>
            </Form>
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
              {t("checkin.makeupHint")}
            </Typography.Paragraph>
          </Card>
          {problems && problems.general.length > 0 && (
            <Alert type="error" showIcon title={problems.general.join("; ")} data-testid="checkin-error" />
          )}
          <Flex gap={8} justify="flex-end" align="center">
            {dirty && <Typography.Text type="warning">{t("checkin.unsaved")}</Typography.Text>}
            {editable && (
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={saving}
                disabled={!dirty}
                onClick={save}
                data-testid="checkin-save"
              >
                {t("checkin.save")}
              </Button>
            )}
          </Flex>
        </Flex>
      )}
    </>
  );
}
