import { Flex, Form, Input, InputNumber, Modal } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Store, StoreInput } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";

/** Create (store null) or edit a store; empty optional fields are sent as null so they can be cleared. */
export function StoreModal({
  store,
  onClose,
  onSaved,
}: {
  store: Store | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<StoreInput>();
  const [busy, setBusy] = useState(false);

  async function save(values: StoreInput) {
    const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === "" ? null : v]));
    setBusy(true);
    try {
      if (store) await api.patch(`/api/v1/stores/${store.id}`, body);
      else
        await api.post(
          "/api/v1/stores",
          Object.fromEntries(Object.entries(body).filter(([, v]) => v != null)),
        );
      onSaved();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={store ? t("store.edit") : t("store.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
    >
      <Form form={form} layout="vertical" initialValues={store ?? {}} onFinish={save}>
        <Form.Item
          name="code"
          label={t("store.code")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("store.name")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="city" label={t("customer.city")}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t("store.address")}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t("common.phone")}>
          <Input />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="latitude"
            label={t("liveCodes.store.latitude")}
            tooltip={t("liveCodes.store.locationHint")}
          >
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="longitude" label={t("liveCodes.store.longitude")}>
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: 160 }} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
