import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Space } from "antd";
import { type CouponKind, couponKinds } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { defaultGroupOf } from "./template-form";

const yuan = { min: 0, precision: 2, prefix: "¥", style: { width: "100%" } } as const;

/** What the coupon gives: its kind and the kind's own fields (money in 元). */
export function TemplateRuleFields() {
  const t = useT();
  const form = Form.useFormInstance();
  const kind = Form.useWatch("kind", form) as CouponKind | undefined;
  const firstOrderMode = Form.useWatch("firstOrderMode", form) as "amount" | "percent" | undefined;
  const required = { required: true, message: t("form.required") };

  const percentFields = (
    <Flex gap={12} wrap>
      <Form.Item
        name="percentOff"
        label={t("coupons.field.percentOff")}
        rules={[required]}
        style={{ flex: 1, minWidth: 160 }}
      >
        <InputNumber
          min={1}
          max={99}
          precision={0}
          suffix="%"
          style={{ width: "100%" }}
          data-testid="percent-off"
        />
      </Form.Item>
      <Form.Item
        name="maxDiscountYuan"
        label={t("coupons.field.maxDiscount")}
        extra={t("coupons.field.maxDiscountHint")}
        style={{ flex: 1, minWidth: 160 }}
      >
        <InputNumber {...yuan} min={0.01} />
      </Form.Item>
    </Flex>
  );

  return (
    <Card title={t("coupons.editor.benefit")} size="small" style={{ marginBottom: 16 }}>
      <Form.Item name="kind" label={t("coupons.field.kind")} rules={[required]}>
        <Select
          data-testid="template-kind"
          options={couponKinds.map((k) => ({ value: k, label: t(`coupons.kind.${k}`) }))}
          onChange={(next: CouponKind) => form.setFieldValue("stackingGroup", defaultGroupOf[next])}
        />
      </Form.Item>
      {kind === "amount_off" && (
        <Form.Item name="amountOffYuan" label={t("coupons.field.amountOff")} rules={[required]}>
          <InputNumber {...yuan} min={0.01} />
        </Form.Item>
      )}
      {kind === "percent_off" && percentFields}
      {kind === "threshold" && <TierFields />}
      {kind === "first_order" && (
        <>
          <Form.Item name="firstOrderMode" label={t("coupons.field.firstOrderMode")}>
            <Radio.Group
              options={[
                { value: "amount", label: t("coupons.firstOrder.amount") },
                { value: "percent", label: t("coupons.firstOrder.percent") },
              ]}
            />
          </Form.Item>
          {firstOrderMode === "percent" ? (
            percentFields
          ) : (
            <Form.Item name="amountOffYuan" label={t("coupons.field.amountOff")} rules={[required]}>
              <InputNumber {...yuan} min={0.01} />
            </Form.Item>
          )}
        </>
      )}
      {kind === "gift" && (
        <>
          <Flex gap={12} wrap>
            <Form.Item
              name="giftSku"
              label={t("coupons.field.giftSku")}
              rules={[required]}
              style={{ flex: 1, minWidth: 160 }}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="giftName"
              label={t("coupons.field.giftName")}
              rules={[required]}
              style={{ flex: 2, minWidth: 160 }}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item
              name="giftQuantity"
              label={t("coupons.field.giftQuantity")}
              rules={[required]}
              style={{ flex: 1, minWidth: 160 }}
            >
              <InputNumber min={1} max={100} precision={0} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item
              name="giftUnitPriceYuan"
              label={t("coupons.field.giftValue")}
              extra={t("coupons.field.giftValueHint")}
              rules={[required]}
              style={{ flex: 1, minWidth: 160 }}
            >
              <InputNumber {...yuan} />
            </Form.Item>
          </Flex>
        </>
      )}
      {kind === "exchange" && (
        <>
          <Flex gap={12} wrap>
            <Form.Item
              name="exchangeSku"
              label={t("coupons.field.exchangeSku")}
              rules={[required]}
              style={{ flex: 2, minWidth: 160 }}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="exchangeQuantity"
              label={t("coupons.field.exchangeQuantity")}
              style={{ flex: 1, minWidth: 160 }}
            >
              <InputNumber min={1} max={100} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Flex>
          <Form.Item
            name="maxDiscountYuan"
            label={t("coupons.field.maxDiscount")}
            extra={t("coupons.field.maxDiscountHint")}
          >
            <InputNumber {...yuan} min={0.01} />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="minSpendYuan"
        label={t("coupons.field.minSpend")}
        extra={
          kind === "threshold" ? t("coupons.field.minSpendThresholdHint") : t("coupons.field.minSpendHint")
        }
      >
        <InputNumber {...yuan} data-testid="min-spend" />
      </Form.Item>
    </Card>
  );
}

/** 满100减10 / 满200减25: one row per tier, rising. */
function TierFields() {
  const t = useT();
  const required = { required: true, message: t("form.required") };
  return (
    <Form.List name="tiers">
      {(fields, { add, remove }) => (
        <div data-testid="tiers">
          {fields.map((field, index) => (
            <Space key={field.key} align="start" wrap style={{ width: "100%" }}>
              <Form.Item
                name={[field.name, "minSpendYuan"]}
                label={index === 0 ? t("coupons.tier.minSpend") : undefined}
                rules={[required]}
              >
                <InputNumber
                  min={0.01}
                  precision={2}
                  prefix={t("coupons.tier.spend")}
                  style={{ width: 170 }}
                  data-testid={`tier-min-${index}`}
                />
              </Form.Item>
              <Form.Item
                name={[field.name, "amountOffYuan"]}
                label={index === 0 ? t("coupons.tier.amountOff") : undefined}
                rules={[required]}
              >
                <InputNumber
                  min={0.01}
                  precision={2}
                  prefix={t("coupons.tier.off")}
                  style={{ width: 170 }}
                  data-testid={`tier-off-${index}`}
                />
              </Form.Item>
              {fields.length > 1 && (
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t("coupons.tier.remove")}
                  onClick={() => remove(field.name)}
                  style={index === 0 ? { marginTop: 30 } : undefined}
                />
              )}
            </Space>
          ))}
          {fields.length < 10 && (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ minSpendYuan: null, amountOffYuan: null })}
              style={{ marginBottom: 16 }}
            >
              {t("coupons.tier.add")}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
