import { Card, Col, Form, InputNumber, Row, Select } from "antd";
import type {
  DowngradeSchedule,
  GrowthBasis,
  GrowthWindow,
  LevelSettings,
} from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";

const bases: GrowthBasis[] = ["spend", "points_earned", "weighted"];
const windows: GrowthWindow[] = ["lifetime", "rolling_12_months"];
const schedules: DowngradeSchedule[] = ["quarterly", "monthly", "never"];

type Props = {
  settings: LevelSettings;
  errors: Partial<Record<string, string>>;
  editable: boolean;
  onChange: (patch: Partial<LevelSettings>) => void;
};

/** How growth is counted and when members may move down. */
export function LevelSettingsForm({ settings, errors, editable, onChange }: Props) {
  const t = useT();
  const item = (name: keyof LevelSettings, label: string, control: React.ReactNode) => (
    <Form.Item
      label={label}
      validateStatus={errors[name] ? "error" : undefined}
      help={errors[name]}
      style={{ marginBottom: 8 }}
    >
      {control}
    </Form.Item>
  );
  const number = (name: "spendWeightPercent" | "pointsWeightPercent" | "protectionDays", max: number) => (
    <InputNumber
      min={0}
      max={max}
      precision={0}
      style={{ width: "100%" }}
      value={settings[name]}
      disabled={!editable}
      onChange={(v) => onChange({ [name]: v ?? 0 })}
      data-testid={`level-setting-${name}`}
    />
  );
  return (
    <Card size="small" title={t("levels.settings")} data-testid="level-settings">
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={6}>
            {item(
              "growthBasis",
              t("levels.basis"),
              <Select
                value={settings.growthBasis}
                disabled={!editable}
                onChange={(growthBasis) => onChange({ growthBasis })}
                options={bases.map((b) => ({ value: b, label: t(`levels.basis.${b}`) }))}
                data-testid="level-basis"
              />,
            )}
          </Col>
          <Col xs={24} sm={12} lg={6}>
            {item(
              "growthWindow",
              t("levels.window"),
              <Select
                value={settings.growthWindow}
                disabled={!editable}
                onChange={(growthWindow) => onChange({ growthWindow })}
                options={windows.map((w) => ({ value: w, label: t(`levels.window.${w}`) }))}
                data-testid="level-window"
              />,
            )}
          </Col>
          <Col xs={24} sm={12} lg={6}>
            {item(
              "downgradeSchedule",
              t("levels.schedule"),
              <Select
                value={settings.downgradeSchedule}
                disabled={!editable}
                onChange={(downgradeSchedule) => onChange({ downgradeSchedule })}
                options={schedules.map((s) => ({ value: s, label: t(`levels.schedule.${s}`) }))}
                data-testid="level-schedule"
              />,
            )}
          </Col>
          <Col xs={24} sm={12} lg={6}>
            {item("protectionDays", t("levels.protection"), number("protectionDays", 3650))}
          </Col>
          {settings.growthBasis === "weighted" && (
            <>
              <Col xs={24} sm={12} lg={6}>
                {item("spendWeightPercent", t("levels.spendWeight"), number("spendWeightPercent", 100_000))}
              </Col>
              <Col xs={24} sm={12} lg={6}>
                {item(
                  "pointsWeightPercent",
                  t("levels.pointsWeight"),
                  number("pointsWeightPercent", 100_000),
                )}
              </Col>
            </>
          )}
        </Row>
      </Form>
    </Card>
  );
}
