import { Alert, App, Button, Card, Col, Form, Input, Row, Spin } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, api } from "../../../../shared/api";
import type { CouponTemplate } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { QuotePreview } from "./quote-preview";
import {
  emptyTemplateValues,
  formValuesOf,
  placeTemplateErrors,
  type TemplateFormValues,
  templateInputOf,
} from "./template-form";
import { TemplateLimitFields } from "./template-limit-fields";
import { TemplateRuleFields } from "./template-rule-fields";
import { TemplateScopeFields } from "./template-scope-fields";
import { useCouponPickers } from "./use-coupon-pickers";

/** Create (/promotions/coupons/new) or edit a coupon template, with the quote preview beside it. */
export function TemplateEditorPage() {
  const { id } = useParams();
  const template = useGet<CouponTemplate>(id ? `/api/v1/coupon-templates/${id}` : null);
  if (id && !template.data) {
    return template.error ? (
      <ErrorAlert error={template.error} onRetry={template.reload} />
    ) : (
      <Spin style={{ display: "block", margin: "48px auto" }} />
    );
  }
  return <TemplateEditor key={id ?? "new"} template={template.data} />;
}

function TemplateEditor({ template: loaded }: { template: CouponTemplate | null }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const can = useCan();
  const manage = can("promotions:manage");
  const pickers = useCouponPickers();
  const [form] = Form.useForm<TemplateFormValues>();
  const [template, setTemplate] = useState(loaded);
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const [initial] = useState<TemplateFormValues>(() =>
    template ? formValuesOf(template) : emptyTemplateValues,
  );
  const watched = Form.useWatch([], form) as TemplateFormValues | undefined;
  const draft = watched?.kind ? templateInputOf({ ...initial, ...watched }) : null;

  async function save(values: TemplateFormValues) {
    const body = templateInputOf({ ...initial, ...values });
    setBusy(true);
    setGeneral([]);
    try {
      if (template) {
        setTemplate(await api.patch<CouponTemplate>(`/api/v1/coupon-templates/${template.id}`, body));
        message.success(t("common.saved"));
      } else {
        const created = await api.post<CouponTemplate>("/api/v1/coupon-templates", body);
        message.success(t("coupons.editor.created"));
        navigate(`/promotions/coupons/${created.id}`, { replace: true });
      }
    } catch (cause) {
      const error = cause instanceof ApiError ? cause : new ApiError(0, "internal", String(cause));
      const placed = placeTemplateErrors(error.details, error.message);
      form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
      setGeneral(placed.general);
      if (placed.fields[0])
        form.scrollToField(placed.fields[0].name as Parameters<typeof form.scrollToField>[0]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title={
          template ? t("coupons.editor.editTitle", { name: template.name }) : t("coupons.editor.newTitle")
        }
        extra={
          <>
            <Button onClick={() => navigate("/promotions/coupons")}>{t("coupons.backToList")}</Button>
            {template && manage && (
              <Button onClick={() => navigate(`/promotions/coupons/issue?templateId=${template.id}`)}>
                {t("coupons.issue.action")}
              </Button>
            )}
            {manage && (
              <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="template-save">
                {template ? t("common.save") : t("coupons.editor.create")}
              </Button>
            )}
          </>
        }
      />
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("coupons.editor.saveFailed")}
          description={general.join("; ")}
          data-testid="template-errors"
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={13}>
          <Form
            form={form}
            layout="vertical"
            initialValues={initial}
            onFinish={save}
            disabled={!manage}
            scrollToFirstError
          >
            <Card size="small" style={{ marginBottom: 16 }}>
              <Form.Item
                name="name"
                label={t("coupons.field.name")}
                rules={[{ required: true, whitespace: true, message: t("form.required") }]}
              >
                <Input
                  maxLength={100}
                  placeholder={t("coupons.field.namePlaceholder")}
                  data-testid="template-name"
                />
              </Form.Item>
              <Form.Item name="description" label={t("coupons.field.description")}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Card>
            <TemplateRuleFields />
            <TemplateScopeFields stores={pickers.stores} />
            <TemplateLimitFields pickers={pickers} />
          </Form>
        </Col>
        <Col xs={24} xl={11}>
          <div style={{ position: "sticky", top: 16 }}>
            <QuotePreview draft={draft} />
          </div>
        </Col>
      </Row>
    </>
  );
}
