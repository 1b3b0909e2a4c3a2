import { Flex, Select } from "antd";
import type { CouponTemplate, List, Store } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import type { Period, PeriodPreset } from "../../dashboard/period";
import { PeriodPicker } from "../../dashboard/period-picker";

export type ReportFilters = {
  preset: PeriodPreset | "custom";
  period: Period;
  templateId?: string;
  storeId?: string;
};

/** The period (whole days in the shop's zone), and an optional template and store. */
export function ReportFilterBar({
  filters,
  onChange,
}: {
  filters: ReportFilters;
  onChange: (filters: ReportFilters) => void;
}) {
  const t = useT();
  const { timeZone } = useFormat();
  const templates = useGet<List<CouponTemplate>>("/api/v1/coupon-templates");
  const stores = useGet<List<Store>>("/api/v1/stores");
  return (
    <Flex gap={8} wrap>
      <PeriodPicker
        preset={filters.preset}
        period={filters.period}
        timeZone={timeZone}
        onChange={(preset, period) => onChange({ ...filters, preset, period })}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("couponReport.filter.template")}
        style={{ width: 200 }}
        data-testid="report-template"
        loading={templates.loading}
        value={filters.templateId}
        onChange={(templateId?: string) => onChange({ ...filters, templateId })}
        options={(templates.data?.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("couponReport.filter.store")}
        style={{ width: 180 }}
        data-testid="report-store"
        loading={stores.loading}
        value={filters.storeId}
        onChange={(storeId?: string) => onChange({ ...filters, storeId })}
        options={(stores.data?.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
      />
    </Flex>
  );
}
