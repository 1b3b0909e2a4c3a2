import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Form, Input, Tag, Tooltip, Typography } from "antd";
import type { RuleIssue, RuleNode } from "../../../shared/api-types";
import { RuleBuilder } from "../../components/rule-builder/rule-builder";
import { useT } from "../../i18n/locale-context";
import type { DraftLayer } from "./layer-set";

type Props = {
  layer: DraftLayer;
  index: number;
  count: number;
  current: number | null;
  preview: number | null;
  fieldErrors: Record<string, string> | undefined;
  ruleIssues: RuleIssue[];
  editable: boolean;
  onChange: (patch: Partial<DraftLayer>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

/** One layer: its names, place in the order, entry rule (the catch-all has none) and customer counts. */
export function LayerCard({
  layer,
  index,
  count,
  current,
  preview,
  fieldErrors,
  ruleIssues,
  editable,
  ...on
}: Props) {
  const t = useT();
  const isLast = index === count - 1;
  const field = (name: "name" | "nameEn", label: string, max: number) => (
    <Form.Item
      label={label}
      validateStatus={fieldErrors?.[name] ? "error" : undefined}
      help={fieldErrors?.[name]}
      style={{ marginBottom: 0, flex: 1, minWidth: 140 }}
    >
      <Input
        value={layer[name]}
        maxLength={max}
        disabled={!editable}
        onChange={(e) => on.onChange({ [name]: e.target.value })}
        data-testid={`layer-${name}-${index}`}
      />
    </Form.Item>
  );
  return (
    <Card
      size="small"
      data-testid="layer-card"
      title={
        <Flex gap={8} align="center" wrap>
          <Tag>{index + 1}</Tag>
          <span>{layer.name || "—"}</span>
          {current !== null && (
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
              {t("insight.layers.customers", { count: current })}
            </Typography.Text>
          )}
          {preview !== null && (
            <Tag color="blue" data-testid={`layer-preview-${index}`}>
              {t("insight.layers.wouldHold", { count: preview })}
            </Tag>
          )}
        </Flex>
      }
      extra={
        editable &&
        !isLast && (
          <Flex gap={4}>
            <Tooltip title={t("insight.layers.moveUp")}>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                disabled={index === 0}
                onClick={() => on.onMove(-1)}
                aria-label={t("insight.layers.moveUp")}
              />
            </Tooltip>
            <Tooltip title={t("insight.layers.moveDown")}>
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                disabled={index >= count - 2}
                onClick={() => on.onMove(1)}
                aria-label={t("insight.layers.moveDown")}
              />
            </Tooltip>
            <Tooltip title={t("insight.layers.remove")}>
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                disabled={count <= 2}
                onClick={on.onRemove}
                aria-label={t("insight.layers.remove")}
              />
            </Tooltip>
          </Flex>
        )
      }
    >
      <Form layout="vertical" component="div">
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          {field("name", t("insight.layers.name"), 30)}
          {field("nameEn", t("insight.layers.nameEn"), 50)}
        </Flex>
        <Form.Item
          label={t("insight.layers.rule")}
          style={{ marginBottom: 0 }}
          validateStatus={fieldErrors?.rule ? "error" : undefined}
          help={fieldErrors?.rule}
        >
          {isLast ? (
            <Typography.Text type="secondary">{t("insight.layers.catchAll")}</Typography.Text>
          ) : (
            <RuleBuilder
              value={layer.rule ?? { all: [] }}
              onChange={(rule: RuleNode) => on.onChange({ rule })}
              issues={ruleIssues}
            />
          )}
        </Form.Item>
      </Form>
    </Card>
  );
}
