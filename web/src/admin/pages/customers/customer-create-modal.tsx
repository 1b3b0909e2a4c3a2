import { Form, Modal } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Customer } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { CustomerFields, type CustomerFormValues, toCustomerInput, withoutNulls } from "./customer-fields";

type Props = { open: boolean; onClose: () => void; onCreated: (customer: Customer) => void };

export function CustomerCreateModal({ open, onClose, onCreated }: Props) {
  const t = useT();
  const [form] = Form.useForm<CustomerFormValues>();
  const [busy, setBusy] = useState(false);
  const notifyError = useNotifyError();

  async function submit(values: CustomerFormValues) {
    setBusy(true);
    try {
      const customer = await api.post<Customer>("/api/v1/customers", withoutNulls(toCustomerInput(values)));
      form.resetFields();
      onCreated(customer);
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("customer.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.create")}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="customer-create-form">
        <CustomerFields />
      </Form>
    </Modal>
  );
}
