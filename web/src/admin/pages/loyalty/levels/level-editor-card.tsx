import { DeleteOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import type { ReactNode } from "react";
import type { GrowthBasis } from "../../../../shared/api-types";
import { useLocale } from "../../../i18n/locale-context";
import { type DraftLevel, thresholdUnit } from "./level-set";

type Props = {
  level: DraftLevel;
  index: number;
  basis: GrowthBasis;
  current: number | null;
  preview: number | null;
  errors: Partial<Record<string, string>> | undefined;
  editable: boolean;
  onChange: (patch: Partial<DraftLevel>) => void;
  onRemove: () => void;
};

/** One level: names, threshold, benefits and rewards, with its member counts now and in the preview. */
export function LevelEditorCard({ level, index, basis, current, preview, errors, editable, ...on }: Props) {
  const { t, locale } = useLocale();
  const unit = thresholdUnit(basis);
  const isEntry = index === 0;
  // The server's own checks name the field; its English sentence becomes ours where we know it.
  const errorOf = (field: string) => {
    const message = errors?.[field];
    if (!message || locale === "en") return message;
    if (field === "threshold") return t("levels.error.threshold");
    if (field === "name" || field === "nameEn") return t("levels.error.name");
    return message;
  };
  const item = (field: string, label: string, control: ReactNode, help?: string) => (
    <Form.Item
      label={label}
      validateStatus={errorOf(field) ? "error" : undefined}
      help={errorOf(field) ?? help}
      style={{ marginBottom: 8 }}
    >
      {control}
    </Form.Item>
  );
  const number = (field: keyof DraftLevel, min: number, max: number) => (
    <InputNumber
      min={min}
      max={max}
      precision={0}
      style={{ width: "100%" }}
      value={level[field] as number}
      disabled={!editable}
      onChange={(v) => on.onChange({ [field]: v ?? min })}
      data-testid={`level-${field}-${index}`}
    />
  );
  return (
    <Card
      size="small"
      data-testid="level-card"
      title={
        <Flex gap={8} align="center" wrap>
          <Tag color={isEntry ? "default" : "gold"}>{index + 1}</Tag>
          <span>{(locale === "en" ? level.nameEn : level.name) || "—"}</span>
          {isEntry && <Typography.Text type="secondary">{t("levels.entry")}</Typography.Text>}
          {current !== null && (
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
              {t("levels.members", { count: current })}
            </Typography.Text>
          )}
          {preview !== null && (
            <Tag color="blue" data-testid={`level-preview-${index}`}>
              {t("levels.wouldHold", { count: preview })}
            </Tag>
          )}
        </Flex>
      }
      extra={
        editable &&
        !isEntry && (
          <Tooltip title={t("levels.remove")}>
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={on.onRemove}
              aria-label={t("levels.remove")}
              data-testid={`level-remove-${index}`}
            />
          </Tooltip>
        )
      }
    >
      <Form layout="vertical" component="div">
        <Row gutter={12}>
          <Col xs={12} lg={6}>
            {item(
              "name",
              t("levels.name"),
              <Input
                value={level.name}
                maxLength={20}
                disabled={!editable}
                onChange={(e) => on.onChange({ name: e.target.value })}
                data-testid={`level-name-${index}`}
              />,
            )}
          </Col>
          <Col xs={12} lg={6}>
            {item(
              "nameEn",
              t("levels.nameEn"),
              <Input
                value={level.nameEn}
                maxLength={40}
                disabled={!editable}
                onChange={(e) => on.onChange({ nameEn: e.target.value })}
                data-testid={`level-nameEn-${index}`}
              />,
            )}
          </Col>
          <Col xs={12} lg={6}>
            {item(
              "threshold",
              t(`levels.threshold.${basis}`),
              <InputNumber
                min={0}
                precision={0}
                style={{ width: "100%" }}
                value={level.threshold / unit}
                disabled={!editable || isEntry}
                onChange={(v) => on.onChange({ threshold: Math.round((v ?? 0) * unit) })}
                data-testid={`level-threshold-${index}`}
              />,
              isEntry ? t("levels.entryThreshold") : undefined,
            )}
          </Col>
          <Col xs={12} lg={6}>
            {item(
              "pointsMultiplierPercent",
              t("levels.multiplier"),
              number("pointsMultiplierPercent", 100, 1000),
            )}
          </Col>
          <Col xs={12} lg={6}>
            {item("discountPercent", t("levels.discount"), number("discountPercent", 0, 90))}
          </Col>
          <Col xs={12} lg={6}>
            {item(
              "birthdayGiftPoints",
              t("levels.birthdayPoints"),
              number("birthdayGiftPoints", 0, 1_000_000),
            )}
          </Col>
          <Col xs={12} lg={6}>
            {item("rewardPoints", t("levels.rewardPoints"), number("rewardPoints", 0, 1_000_000))}
          </Col>
          <Col xs={12} lg={6}>
            {item(
              "rewardCoupon",
              t("levels.rewardCoupon"),
              <Input
                value={level.rewardCoupon?.templateId ?? ""}
                maxLength={100}
                disabled={!editable}
                onChange={(e) => {
                  const templateId = e.target.value.trim();
                  on.onChange({ rewardCoupon: templateId ? { templateId, quantity: 1 } : null });
                }}
                data-testid={`level-coupon-${index}`}
              />,
              t("levels.rewardCouponHint"),
            )}
          </Col>
          <Col xs={24}>
            {item(
              "freeGifts",
              t("levels.freeGifts"),
              <Select
                mode="tags"
                value={level.freeGifts}
                disabled={!editable}
                open={false}
                suffixIcon={null}
                placeholder={t("levels.freeGiftsPlaceholder")}
                onChange={(freeGifts: string[]) => on.onChange({ freeGifts: freeGifts.slice(0, 10) })}
                data-testid={`level-gifts-${index}`}
              />,
            )}
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
