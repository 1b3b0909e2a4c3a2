import { Flex, InputNumber, Select, Typography } from "antd";
import type { Comparison, CountOperator } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { fenToYuan, yuanToFen } from "./rule-tree";

const operators: CountOperator[] = ["gte", "gt", "eq", "ne", "lte", "lt", "between"];

/** "at least 3", "between ¥100 and ¥500", or no condition on this aggregate. */
export function ComparisonInput({
  label,
  value,
  onChange,
  money,
  status,
  testId,
}: {
  label: string;
  value: Comparison | undefined;
  onChange: (value: Comparison | undefined) => void;
  money?: boolean;
  status?: "error";
  testId: string;
}) {
  const t = useT();
  const toShown = (n: number | undefined) => (n === undefined ? null : money ? fenToYuan(n) : n);
  const fromShown = (n: number | null) => (n == null ? 0 : money ? yuanToFen(n) : Math.round(n));
  const number = (shown: number | null, set: (n: number | null) => void, id: string) => (
    <InputNumber
      min={0}
      precision={money ? 2 : 0}
      prefix={money ? "¥" : undefined}
      value={shown}
      onChange={set}
      status={status}
      style={{ width: money ? 130 : 90 }}
      data-testid={id}
    />
  );
  const pair = Array.isArray(value?.value) ? value.value : null;
  return (
    <Flex align="center" gap={4} wrap>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Select<CountOperator | "any">
        value={value?.op ?? "any"}
        style={{ width: 110 }}
        status={status}
        data-testid={`${testId}-op`}
        options={[
          { value: "any", label: t("rule.anyAmount") },
          ...operators.map((op) => ({ value: op, label: t(`rule.op.${op}`) })),
        ]}
        onChange={(op) => {
          if (op === "any") return onChange(undefined);
          const current = Array.isArray(value?.value) ? value.value[0] : (value?.value ?? (money ? 0 : 1));
          onChange({ op, value: op === "between" ? [current, current] : current });
        }}
      />
      {value &&
        (pair ? (
          <>
            {number(
              toShown(pair[0]),
              (n) => onChange({ op: "between", value: [fromShown(n), pair[1]] }),
              `${testId}-from`,
            )}
            <Typography.Text>{t("rule.to")}</Typography.Text>
            {number(
              toShown(pair[1]),
              (n) => onChange({ op: "between", value: [pair[0], fromShown(n)] }),
              `${testId}-to`,
            )}
          </>
        ) : (
          number(
            toShown(value.value as number),
            (n) => onChange({ op: value.op, value: fromShown(n) }),
            `${testId}-value`,
          )
        ))}
    </Flex>
  );
}
