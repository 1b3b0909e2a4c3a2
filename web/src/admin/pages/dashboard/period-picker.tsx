import { DatePicker, Flex, Select } from "antd";
import { dayjs } from "../../../shared/time";
import { useT } from "../../i18n/locale-context";
import { type Period, type PeriodPreset, periodOf, periodPresets } from "./period";

type Props = {
  preset: PeriodPreset | "custom";
  period: Period;
  timeZone: string;
  onChange: (preset: PeriodPreset | "custom", period: Period) => void;
};

export function PeriodPicker({ preset, period, timeZone, onChange }: Props) {
  const t = useT();
  return (
    <Flex gap={8} wrap>
      <Select<PeriodPreset | "custom">
        value={preset}
        style={{ width: 150 }}
        data-testid="period-preset"
        options={[
          ...periodPresets.map((p) => ({ value: p, label: t(`period.${p}`) })),
          { value: "custom", label: t("period.custom"), disabled: true },
        ]}
        onChange={(next) => {
          if (next !== "custom") onChange(next, periodOf(next, timeZone));
        }}
      />
      <DatePicker.RangePicker
        allowClear={false}
        value={[dayjs(period.from), dayjs(period.to)]}
        onChange={(range) => {
          const [from, to] = range ?? [];
          if (from && to)
            onChange("custom", { from: from.format("YYYY-MM-DD"), to: to.format("YYYY-MM-DD") });
        }}
      />
    </Flex>
  );
}
