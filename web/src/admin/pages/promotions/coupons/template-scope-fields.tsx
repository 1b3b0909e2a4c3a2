import { Card, Checkbox, Flex, Form, Select } from "antd";
import { useT } from "../../../i18n/locale-context";
import type { Option } from "./use-coupon-pickers";

const clockOptions = Array.from({ length: 49 }, (_, i) => {
  const text = `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 === 0 ? "00" : "30"}`;
  return { value: text, label: text };
});

/** Where and when the coupon works: stores, categories and SKUs in or out, weekdays and hours. */
export function TemplateScopeFields({ stores }: { stores: Option[] }) {
  const t = useT();
  const tags = (name: string, label: string, hint?: string) => (
    <Form.Item name={name} label={label} extra={hint} style={{ flex: 1, minWidth: 200 }}>
      <Select
        mode="tags"
        tokenSeparators={[",", "，", " "]}
        open={false}
        placeholder={t("coupons.scope.typeEnter")}
      />
    </Form.Item>
  );
  return (
    <Card title={t("coupons.editor.scope")} size="small" style={{ marginBottom: 16 }}>
      <Form.Item name="storeIds" label={t("coupons.scope.stores")} extra={t("coupons.scope.storesHint")}>
        <Select
          mode="multiple"
          allowClear
          options={stores}
          optionFilterProp="label"
          placeholder={t("coupons.scope.allStores")}
        />
      </Form.Item>
      <Flex gap={12} wrap>
        {tags("includeCategories", t("coupons.scope.includeCategories"), t("coupons.scope.includeHint"))}
        {tags("excludeCategories", t("coupons.scope.excludeCategories"))}
      </Flex>
      <Flex gap={12} wrap>
        {tags("includeSkus", t("coupons.scope.includeSkus"))}
        {tags("excludeSkus", t("coupons.scope.excludeSkus"), t("coupons.scope.excludeHint"))}
      </Flex>
      <Form.Item
        name="weekdays"
        label={t("coupons.schedule.weekdays")}
        extra={t("coupons.schedule.weekdaysHint")}
      >
        <Checkbox.Group
          options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({
            value: d,
            label: t(`coupons.weekday.${d}` as "coupons.weekday.1"),
          }))}
        />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="hoursFrom" label={t("coupons.schedule.from")} style={{ flex: 1, minWidth: 140 }}>
          <Select allowClear options={clockOptions.slice(0, 48)} placeholder="00:00" />
        </Form.Item>
        <Form.Item
          name="hoursTo"
          label={t("coupons.schedule.to")}
          extra={t("coupons.schedule.hoursHint")}
          style={{ flex: 1, minWidth: 140 }}
        >
          <Select allowClear options={clockOptions.slice(1)} placeholder="24:00" />
        </Form.Item>
      </Flex>
    </Card>
  );
}
