import { Checkbox, Col, DatePicker, Form, Input, Modal, Row } from "antd";
import { useMemo, useState } from "react";
import { ApiError, api } from "../../../shared/api";
import type { ShortLink } from "../../../shared/api-types";
import { type Dayjs, dayjs } from "../../../shared/time";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";
import { fieldErrorsOf } from "../promotions/flash-sales/flash-sale-form";
import {
  emptyLinkValues,
  inputOfLinkValues,
  type LinkFormValues,
  utmFields,
  valuesOfLink,
} from "./link-form";

/** Create or edit a short link: target, UTM, expiry, password. */
export function ShortLinkModal({
  link,
  onClose,
  onSaved,
}: {
  link: ShortLink | null;
  onClose: () => void;
  onSaved: (link: ShortLink) => void;
}) {
  const t = useT();
  const f = useFormat();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<LinkFormValues>();
  const [busy, setBusy] = useState(false);
  const initialValues = useMemo(() => (link ? valuesOfLink(link) : emptyLinkValues()), [link]);
  const removePassword = Form.useWatch("removePassword", form);

  async function save(values: LinkFormValues) {
    setBusy(true);
    try {
      const body = inputOfLinkValues(values, link !== null);
      const saved = link
        ? await api.patch<ShortLink>(`/api/v1/short-links/${link.id}`, body)
        : await api.post<ShortLink>("/api/v1/short-links", body);
      onSaved(saved);
    } catch (cause) {
      const fields = cause instanceof ApiError ? fieldErrorsOf(cause.details) : [];
      if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={link ? t("links.edit") : t("links.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={save} scrollToFirstError>
        <Form.Item name="title" label={t("links.field.title")}>
          <Input maxLength={100} placeholder={t("links.field.titlePlaceholder")} />
        </Form.Item>
        <Form.Item
          name="target"
          label={t("links.field.target")}
          extra={t("links.field.targetHint")}
          rules={[{ required: true, whitespace: true, message: t("form.required") }]}
        >
          <Input maxLength={2000} placeholder="https://… /m/<shop>/coupons" />
        </Form.Item>
        <Row gutter={12}>
          {utmFields.map((key) => (
            <Col xs={24} sm={12} key={key}>
              <Form.Item name={["utm", key]} label={`utm_${key}`}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item
          name="expiresAt"
          label={t("links.field.expiresAt")}
          extra={t("links.field.expiresAtHint")}
          getValueProps={(v: string | null | undefined) => ({ value: v ? dayjs(v).tz(f.timeZone) : null })}
          normalize={(v: Dayjs | null) => (v ? v.toISOString() : null)}
        >
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("links.field.password")}
          extra={link?.hasPassword ? t("links.field.passwordKeep") : t("links.field.passwordHint")}
          rules={[{ min: 4, message: t("links.field.passwordMin") }]}
        >
          <Input.Password maxLength={64} autoComplete="new-password" disabled={removePassword} />
        </Form.Item>
        {link?.hasPassword && (
          <Form.Item name="removePassword" valuePropName="checked">
            <Checkbox>{t("links.field.removePassword")}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
