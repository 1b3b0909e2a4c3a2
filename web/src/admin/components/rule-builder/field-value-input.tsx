import { DatePicker, Flex, Input, InputNumber, Select, Typography } from "antd";
import type { FieldOperator, InsightField, RuleScalar } from "../../../shared/api-types";
import { dayjs } from "../../../shared/time";
import { useLocale } from "../../i18n/locale-context";
import { fenToYuan, isDayOperator, isListOperator, yuanToFen } from "./rule-tree";

type Value = RuleScalar | RuleScalar[] | undefined;
type Status = "error" | undefined;

/** The value part of a field leaf: its input follows the field's type and the operator. */
export function FieldValueInput({
  field,
  op,
  value,
  onChange,
  status,
}: {
  field: InsightField;
  op: FieldOperator;
  value: Value;
  onChange: (value: Value) => void;
  status: Status;
}) {
  const { t } = useLocale();
  if (op === "isSet" || op === "isNotSet") return null;
  if (isDayOperator(op)) {
    return (
      <Flex align="center" gap={4}>
        <InputNumber
          min={op === "beforeDaysAgo" ? 0 : 1}
          max={3650}
          precision={0}
          value={typeof value === "number" ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
          status={status}
          style={{ width: 96 }}
          data-testid="rule-value"
        />
        <Typography.Text>{t("rule.days")}</Typography.Text>
      </Flex>
    );
  }
  if (op === "between") {
    const [from, to] = Array.isArray(value) ? value : [undefined, undefined];
    const set = (i: 0 | 1) => (v: Value) => {
      // A missing end travels as null, and the server names value[0] or value[1].
      const next = i === 0 ? [v, to] : [from, v];
      onChange(next as RuleScalar[]);
    };
    return (
      <Flex align="center" gap={4}>
        <ScalarInput field={field} value={from} onChange={set(0)} status={status} />
        <Typography.Text>{t("rule.to")}</Typography.Text>
        <ScalarInput field={field} value={to} onChange={set(1)} status={status} />
      </Flex>
    );
  }
  if (isListOperator(op))
    return <ListInput field={field} value={value} onChange={onChange} status={status} />;
  return (
    <ScalarInput
      field={field}
      value={Array.isArray(value) ? value[0] : value}
      onChange={onChange}
      status={status}
    />
  );
}

function ListInput({
  field,
  value,
  onChange,
  status,
}: {
  field: InsightField;
  value: Value;
  onChange: (value: Value) => void;
  status: Status;
}) {
  const { locale, t } = useLocale();
  const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
  const enumOptions = field.values?.map((v) => ({ value: v.value, label: v.label[locale] }));
  return (
    <Select
      mode={enumOptions ? "multiple" : "tags"}
      value={list}
      options={enumOptions}
      tokenSeparators={[",", "，", " "]}
      placeholder={t("rule.listPlaceholder")}
      onChange={(next: string[]) =>
        onChange(field.type === "number" ? next.map(Number).filter((n) => Number.isFinite(n)) : next)
      }
      status={status}
      style={{ width: 260 }}
      open={enumOptions ? undefined : false}
      data-testid="rule-value"
    />
  );
}

function ScalarInput({
  field,
  value,
  onChange,
  status,
}: {
  field: InsightField;
  value: RuleScalar | undefined;
  onChange: (value: RuleScalar | undefined) => void;
  status: Status;
}) {
  const { locale, t } = useLocale();
  switch (field.type) {
    case "number":
      return (
        <InputNumber
          value={typeof value === "number" ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
          status={status}
          style={{ width: 120 }}
          data-testid="rule-value"
        />
      );
    case "money":
      return (
        <InputNumber
          prefix="¥"
          min={0}
          precision={2}
          value={typeof value === "number" ? fenToYuan(value) : null}
          onChange={(v) => onChange(v == null ? undefined : yuanToFen(v))}
          status={status}
          style={{ width: 140 }}
          data-testid="rule-value"
        />
      );
    case "enum":
      return (
        <Select
          value={typeof value === "string" ? value : undefined}
          options={field.values?.map((v) => ({ value: v.value, label: v.label[locale] }))}
          onChange={(v: string) => onChange(v)}
          placeholder={t("rule.choose")}
          status={status}
          style={{ width: 180 }}
          data-testid="rule-value"
        />
      );
    case "boolean":
      return (
        <Select
          value={typeof value === "boolean" ? String(value) : undefined}
          options={[
            { value: "true", label: t("rule.yes") },
            { value: "false", label: t("rule.no") },
          ]}
          onChange={(v: string) => onChange(v === "true")}
          status={status}
          style={{ width: 96 }}
          data-testid="rule-value"
        />
      );
    case "date":
    case "timestamp":
      return (
        <DatePicker
          value={typeof value === "string" && value ? dayjs(value.slice(0, 10)) : null}
          onChange={(d) => onChange(d ? d.format("YYYY-MM-DD") : undefined)}
          status={status}
          data-testid="rule-value"
        />
      );
    default:
      return (
        <Input
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
          status={status}
          style={{ width: 180 }}
          data-testid="rule-value"
        />
      );
  }
}
