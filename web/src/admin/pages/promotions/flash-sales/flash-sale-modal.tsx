import { DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from "antd";
import { useMemo, useState } from "react";
import { ApiError, api } from "../../../../shared/api";
import type { FlashSale, Layer, LevelConfig, List, Segment } from "../../../../shared/api-types";
import { dayjs } from "../../../../shared/time";
import { useNotifyError } from "../../../components/use-notify";
import { useLocale, useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import {
  type AudienceChoice,
  emptySaleValues,
  type FlashSaleFormValues,
  fieldErrorsOf,
  inputOfValues,
  valuesOfSale,
} from "./flash-sale-form";

type Dayjs = ReturnType<typeof dayjs>;

/** Set up (sale null) or change a flash sale; the server's field errors appear under their fields. */
export function FlashSaleModal({
  sale,
  onClose,
  onSaved,
}: {
  sale: FlashSale | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<FlashSaleFormValues>();
  const [busy, setBusy] = useState(false);
  const audienceKind = Form.useWatch("audienceKind", form) ?? (sale?.audience?.kind || "everyone");
  const initialValues = useMemo(() => (sale ? valuesOfSale(sale) : emptySaleValues(new Date())), [sale]);

  async function save(values: FlashSaleFormValues) {
    setBusy(true);
    try {
      const body = inputOfValues(values);
      if (sale) await api.patch(`/api/v1/flash-sales/${sale.id}`, body);
      else await api.post("/api/v1/flash-sales", body);
      onSaved();
    } catch (cause) {
      const fields = cause instanceof ApiError ? fieldErrorsOf(cause.details) : [];
      if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  const required = { required: true, message: t("form.required") };
  return (
    <Modal
      open
      title={sale ? t("flash.edit") : t("flash.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ id: "flash-sale-save" }}
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={save} scrollToFirstError>
        <Form.Item name="name" label={t("flash.field.name")} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} placeholder={t("flash.field.namePlaceholder")} />
        </Form.Item>
        <Form.Item
          name="itemName"
          label={t("flash.field.itemName")}
          rules={[{ ...required, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="sku" label={t("flash.field.sku")} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="imageUrl" label={t("flash.field.imageUrl")}>
          <Input placeholder="https://…" />
        </Form.Item>
        <Form.Item name="originalYuan" label={t("flash.field.originalPrice")} rules={[required]}>
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="priceYuan"
          label={t("flash.field.price")}
          extra={t("flash.field.priceHint")}
          rules={[required]}
        >
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="stock" label={t("flash.field.stock")} rules={[required]}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="perMemberLimit"
          label={t("flash.field.perMemberLimit")}
          extra={t("flash.field.perMemberLimitHint")}
        >
          <InputNumber min={1} max={99} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="window"
          label={t("flash.field.window")}
          rules={[required]}
          getValueProps={(v: [string, string] | null | undefined) => ({
            value: v ? [dayjs(v[0]).tz(f.timeZone), dayjs(v[1]).tz(f.timeZone)] : null,
          })}
          normalize={(v: [Dayjs, Dayjs] | null) => (v ? [v[0].toISOString(), v[1].toISOString()] : null)}
        >
          <DatePicker.RangePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: "100%" }}
          />
        </Form.Item>
        <Form.Item
          name="paymentMinutes"
          label={t("flash.field.paymentMinutes")}
          extra={t("flash.field.paymentMinutesHint")}
          rules={[required]}
        >
          <InputNumber
            min={1}
            max={1440}
            precision={0}
            suffix={t("flash.minutes")}
            style={{ width: "100%" }}
          />
        </Form.Item>
        <Form.Item name="audienceKind" label={t("flash.field.audience")}>
          <Select<AudienceChoice>
            onChange={() => form.setFieldsValue({ audienceId: null, audienceIds: [] })}
            options={(["everyone", "segment", "layer", "levels"] as const).map((k) => ({
              value: k,
              label: t(`flash.audience.${k}`),
            }))}
          />
        </Form.Item>
        {audienceKind !== "everyone" && (
          <Form.Item
            name={audienceKind === "levels" ? "audienceIds" : "audienceId"}
            label={t(`flash.audience.${audienceKind}`)}
            extra={audienceKind === "levels" ? t("flash.audience.levelsHint") : undefined}
            rules={[required]}
          >
            <AudienceSelect kind={audienceKind} />
          </Form.Item>
        )}
        <Form.Item
          name="status"
          label={t("flash.field.active")}
          valuePropName="checked"
          getValueProps={(v: string) => ({ checked: v !== "paused" })}
          normalize={(checked: boolean) => (checked ? "active" : "paused")}
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The shop's segments or layers (one) or levels (several) to choose the audience from. */
function AudienceSelect({
  kind,
  value,
  onChange,
}: {
  kind: Exclude<AudienceChoice, "everyone">;
  value?: string | string[] | null;
  onChange?: (value: string | string[]) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const segments = useGet<List<Segment>>(kind === "segment" ? "/api/v1/segments" : null);
  const layers = useGet<List<Layer>>(kind === "layer" ? "/api/v1/layers" : null);
  const levels = useGet<LevelConfig>(kind === "levels" ? "/api/v1/loyalty/levels" : null);
  const named = (n: { name: string; nameEn: string }) => (locale === "en" ? n.nameEn : n.name);
  const options =
    kind === "segment"
      ? (segments.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))
      : kind === "layer"
        ? (layers.data?.data ?? []).map((l) => ({ value: l.id, label: named(l) }))
        : (levels.data?.levels ?? []).map((l) => ({ value: l.id, label: named(l) }));
  const loading = segments.loading || layers.loading || levels.loading;
  return (
    <Select
      mode={kind === "levels" ? "multiple" : undefined}
      value={value ?? undefined}
      onChange={onChange}
      loading={loading}
      options={options}
      showSearch
      optionFilterProp="label"
      notFoundContent={loading ? undefined : t(`flash.audience.none.${kind}`)}
    />
  );
}
