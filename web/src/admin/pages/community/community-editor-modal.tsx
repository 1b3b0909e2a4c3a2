import { Form, Input, InputNumber, Modal, Select } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Community } from "../../../shared/community-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { type CommunityFormValues, formValuesOf, inputOf } from "./community-form";

type Named = { id: string; name: string };

/** Create or edit a community: every field, with the platform deciding whether a join link applies. */
export function CommunityEditorModal({
  community,
  onClose,
  onSaved,
}: {
  community: Community | null;
  onClose: () => void;
  onSaved: (community: Community) => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<CommunityFormValues>();
  const [saving, setSaving] = useState(false);
  const platform = Form.useWatch("platform", form);
  const audienceKind = Form.useWatch("audienceKind", form);
  const layers = useGet<{ data: Named[] }>("/api/v1/layers");
  const segments = useGet<{ data: Named[] }>("/api/v1/segments");
  const templates = useGet<{ data: Named[] }>("/api/v1/coupon-templates");
  const staff = useGet<{ data: { id: string; name: string | null; email?: string }[] }>("/api/v1/staff");

  async function save() {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const body = inputOf(values);
      const saved = community
        ? await api.patch<Community>(`/api/v1/communities/${community.id}`, body)
        : await api.post<Community>("/api/v1/communities", body);
      onSaved(saved);
    } catch (cause) {
      notifyError(cause);
    } finally {
      setSaving(false);
    }
  }

  const options = (list: Named[] | undefined) => (list ?? []).map((x) => ({ value: x.id, label: x.name }));
  return (
    <Modal
      open
      width={640}
      title={community ? t("community.edit") : t("community.create")}
      okText={t("common.save")}
      onOk={save}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={formValuesOf(community)}
        data-testid="community-form"
      >
        <Form.Item
          name="name"
          label={t("community.field.name")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="purpose" label={t("community.field.purpose")}>
          <Select
            options={(["marketing", "content", "service"] as const).map((p) => ({
              value: p,
              label: t(`community.purpose.${p}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="platform" label={t("community.field.platform")}>
          <Select
            options={(["builtin", "wechat", "wecom", "qq", "other"] as const).map((p) => ({
              value: p,
              label: t(`community.platform.${p}`),
            }))}
          />
        </Form.Item>
        {platform && platform !== "builtin" && (
          <Form.Item name="joinUrl" label={t("community.field.joinUrl")} extra={t("community.joinUrlHint")}>
            <Input placeholder="https://" maxLength={500} />
          </Form.Item>
        )}
        <Form.Item name="audienceKind" label={t("community.field.audience")}>
          <Select
            options={(["everyone", "layer", "segment"] as const).map((k) => ({
              value: k,
              label: t(`community.audience.${k}`),
            }))}
          />
        </Form.Item>
        {audienceKind === "layer" && (
          <Form.Item
            name="audienceId"
            label={t("community.audience.layer")}
            rules={[{ required: true, message: t("form.required") }]}
          >
            <Select options={options(layers.data?.data)} />
          </Form.Item>
        )}
        {audienceKind === "segment" && (
          <Form.Item
            name="audienceId"
            label={t("community.audience.segment")}
            rules={[{ required: true, message: t("form.required") }]}
          >
            <Select options={options(segments.data?.data)} />
          </Form.Item>
        )}
        <Form.Item name="capacity" label={t("community.field.capacity")} extra={t("community.capacityHint")}>
          <InputNumber min={1} max={1_000_000} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="ownerStaffId" label={t("community.field.owner")}>
          <Select
            allowClear
            options={(staff.data?.data ?? []).map((s) => ({ value: s.id, label: s.name ?? s.email ?? s.id }))}
          />
        </Form.Item>
        <Form.Item name="rules" label={t("community.field.rules")}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="community-rules" />
        </Form.Item>
        <Form.Item name="welcomeMessage" label={t("community.field.welcomeMessage")}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="community-welcome" />
        </Form.Item>
        <Form.Item
          name="welcomePoints"
          label={t("community.field.welcomePoints")}
          extra={t("community.welcomeHint")}
        >
          <InputNumber min={1} max={1_000_000} style={{ width: "100%" }} data-testid="community-points" />
        </Form.Item>
        <Form.Item name="welcomeCouponTemplateId" label={t("community.field.welcomeCoupon")}>
          <Select allowClear options={options(templates.data?.data)} />
        </Form.Item>
        <Form.Item name="monthlyGmvTargetYuan" label={t("community.field.gmvTarget")}>
          <InputNumber min={0.01} style={{ width: "100%" }} addonAfter="¥" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
