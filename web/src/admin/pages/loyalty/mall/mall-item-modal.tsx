import { DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../../shared/api";
import type { MallItem } from "../../../../shared/api-types";
import { dayjs } from "../../../../shared/time";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import {
  emptyItemValues,
  fieldErrorsOf,
  inputOfValues,
  type MallItemFormValues,
  valuesOfItem,
} from "./mall-item-form";

/** Create (item null) or edit a mall item; the server's field errors appear under their fields. */
export function MallItemModal({
  item,
  onClose,
  onSaved,
}: {
  item: MallItem | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<MallItemFormValues>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch("kind", form);
  const unlimited = Form.useWatch("unlimitedStock", form);

  async function save(values: MallItemFormValues) {
    let body: ReturnType<typeof inputOfValues>;
    try {
      body = inputOfValues(values);
    } catch {
      form.setFields([{ name: "couponSpec", errors: [t("mall.item.couponSpecInvalid")] }]);
      return;
    }
    setBusy(true);
    try {
      if (item) await api.patch(`/api/v1/mall/items/${item.id}`, body);
      else await api.post("/api/v1/mall/items", body);
      onSaved();
    } catch (cause) {
      const fields = cause instanceof ApiError ? fieldErrorsOf(cause.details) : [];
      if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  const instant = (name: "validFrom" | "validUntil", label: string) => (
    <Form.Item
      name={name}
      label={label}
      getValueProps={(v: string | null | undefined) => ({ value: v ? dayjs(v).tz(f.timeZone) : null })}
      normalize={(v: ReturnType<typeof dayjs> | null) => (v ? v.toISOString() : null)}
    >
      <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
    </Form.Item>
  );

  return (
    <Modal
      open
      title={item ? t("mall.item.edit") : t("mall.item.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ id: "mall-item-save" }}
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={item ? valuesOfItem(item) : emptyItemValues}
        onFinish={save}
        scrollToFirstError
      >
        <Form.Item name="kind" label={t("mall.item.kind")} rules={[{ required: true }]}>
          <Select
            options={(["physical", "service", "coupon"] as const).map((k) => ({
              value: k,
              label: t(`mall.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("mall.item.name")}
          rules={[{ required: true, whitespace: true, message: t("form.required") }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t("mall.item.description")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="imageUrl" label={t("mall.item.imageUrl")} extra={t("mall.item.imageUrlHint")}>
          <Input placeholder="https://…" />
        </Form.Item>
        <Form.Item
          name="pointsPrice"
          label={t("mall.item.pointsPrice")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <InputNumber min={1} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="cashYuan" label={t("mall.item.cash")} extra={t("mall.item.cashHint")}>
          <InputNumber min={0} precision={2} prefix="¥" style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="unlimitedStock" label={t("mall.item.unlimitedStock")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {!unlimited && (
          <Form.Item
            name="stock"
            label={t("mall.item.stock")}
            rules={[{ required: true, message: t("form.required") }]}
          >
            <InputNumber min={0} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        )}
        <Form.Item
          name="perMemberLimit"
          label={t("mall.item.perMemberLimit")}
          extra={t("mall.item.perMemberLimitHint")}
        >
          <InputNumber min={1} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        {instant("validFrom", t("mall.item.validFrom"))}
        {instant("validUntil", t("mall.item.validUntil"))}
        <Form.Item
          name="pickupDays"
          label={t("mall.item.pickupDays")}
          extra={t("mall.item.pickupDaysHint")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <InputNumber min={1} max={365} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        {kind === "coupon" && (
          <Form.Item
            name="couponSpec"
            label={t("mall.item.couponSpec")}
            extra={t("mall.item.couponSpecHint")}
          >
            <Input.TextArea rows={3} placeholder='{"amount": 500, "minSpend": 3000}' />
          </Form.Item>
        )}
        <Form.Item name="sortOrder" label={t("mall.item.sortOrder")} extra={t("mall.item.sortOrderHint")}>
          <InputNumber precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="active" label={t("mall.item.active")} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
