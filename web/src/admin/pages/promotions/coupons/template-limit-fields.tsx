import { Card, DatePicker, Flex, Form, InputNumber, Radio, Select, Switch } from "antd";
import { stackingGroups } from "../../../../shared/api-types";
import { dayjs } from "../../../../shared/time";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import type { AudienceKind } from "./template-form";
import type { Option } from "./use-coupon-pickers";

type Pickers = { segments: (Option & { count: number })[]; layers: Option[]; levels: Option[] };

/** Validity, stock / per-customer / budget limits, audience, stacking and the coupon centre. */
export function TemplateLimitFields({ pickers }: { pickers: Pickers }) {
  const t = useT();
  const f = useFormat();
  const form = Form.useFormInstance();
  const validityType = Form.useWatch("validityType", form);
  const audienceKind = Form.useWatch("audienceKind", form) as AudienceKind | undefined;
  const exclusive = Form.useWatch("exclusive", form);
  const required = { required: true, message: t("form.required") };

  const instant = (name: "validFrom" | "validUntil", label: string, rules = [] as (typeof required)[]) => (
    <Form.Item
      name={name}
      label={label}
      rules={rules}
      style={{ flex: 1, minWidth: 200 }}
      getValueProps={(v: string | null | undefined) => ({ value: v ? dayjs(v).tz(f.timeZone) : null })}
      normalize={(v: ReturnType<typeof dayjs> | null) => (v ? v.toISOString() : null)}
    >
      <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
    </Form.Item>
  );

  return (
    <>
      <Card title={t("coupons.editor.validity")} size="small" style={{ marginBottom: 16 }}>
        <Form.Item name="validityType">
          <Radio.Group
            options={[
              { value: "days_after_issue", label: t("coupons.validity.days_after_issue") },
              { value: "fixed", label: t("coupons.validity.fixed") },
            ]}
          />
        </Form.Item>
        {validityType === "fixed" ? (
          <Flex gap={12} wrap>
            {instant("validFrom", t("coupons.validity.from"))}
            {instant("validUntil", t("coupons.validity.until"), [required])}
          </Flex>
        ) : (
          <Form.Item
            name="validDays"
            label={t("coupons.validity.days")}
            extra={t("coupons.validity.daysHint")}
            rules={[required]}
          >
            <InputNumber
              min={1}
              max={3650}
              precision={0}
              suffix={t("coupons.unit.days")}
              style={{ width: 200 }}
            />
          </Form.Item>
        )}
      </Card>
      <Card title={t("coupons.editor.limits")} size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap>
          <Form.Item
            name="stock"
            label={t("coupons.field.stock")}
            extra={t("coupons.field.emptyUnlimited")}
            style={{ flex: 1, minWidth: 150 }}
          >
            <InputNumber min={0} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item
            name="perCustomerLimit"
            label={t("coupons.field.perCustomerLimit")}
            extra={t("coupons.field.emptyUnlimited")}
            style={{ flex: 1, minWidth: 150 }}
          >
            <InputNumber min={1} max={1000} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item
            name="budgetYuan"
            label={t("coupons.field.budget")}
            extra={t("coupons.field.budgetHint")}
            style={{ flex: 1, minWidth: 150 }}
          >
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: "100%" }} />
          </Form.Item>
        </Flex>
      </Card>
      <Card title={t("coupons.editor.audience")} size="small" style={{ marginBottom: 16 }}>
        <Form.Item name="audienceKind">
          <Radio.Group
            options={(["anyone", "segment", "layer", "levels"] as const).map((k) => ({
              value: k,
              label: t(`coupons.audience.${k}`),
            }))}
          />
        </Form.Item>
        {(audienceKind === "segment" || audienceKind === "layer") && (
          <Form.Item name="audienceId" label={t(`coupons.audience.${audienceKind}`)} rules={[required]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={
                audienceKind === "segment"
                  ? pickers.segments.map((s) => ({
                      value: s.value,
                      label: `${s.label} · ${t("coupons.people", { count: s.count })}`,
                    }))
                  : pickers.layers
              }
              notFoundContent={t("coupons.audience.none")}
            />
          </Form.Item>
        )}
        {audienceKind === "levels" && (
          <Form.Item
            name="levelIds"
            label={t("coupons.audience.levels")}
            rules={[{ ...required, type: "array", min: 1 }]}
          >
            <Select mode="multiple" options={pickers.levels} notFoundContent={t("coupons.audience.none")} />
          </Form.Item>
        )}
      </Card>
      <Card title={t("coupons.editor.stacking")} size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="flex-start">
          <Form.Item
            name="exclusive"
            label={t("coupons.stacking.exclusive")}
            valuePropName="checked"
            extra={t("coupons.stacking.exclusiveHint")}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name="stackingGroup"
            label={t("coupons.stacking.group")}
            extra={t("coupons.stacking.groupHint")}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Select
              disabled={exclusive}
              options={stackingGroups.map((g) => ({ value: g, label: t(`coupons.group.${g}`) }))}
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="claimable"
          label={t("coupons.field.claimable")}
          valuePropName="checked"
          extra={t("coupons.field.claimableHint")}
        >
          <Switch data-testid="template-claimable" />
        </Form.Item>
      </Card>
    </>
  );
}
