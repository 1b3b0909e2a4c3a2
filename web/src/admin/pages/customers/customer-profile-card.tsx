import { EditOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Flex, Form, Tag } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Customer, CustomerDetail } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { translateKnown } from "../../i18n/optional-message";
import { useCan } from "../../session";
import { useFormat } from "../../use-format";
import {
  CustomerFields,
  type CustomerFormValues,
  toCustomerFormValues,
  toCustomerInput,
} from "./customer-fields";

type Props = { customer: CustomerDetail; onSaved: (customer: Customer) => void };

export function CustomerProfileCard({ customer, onSaved }: Props) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const notifyError = useNotifyError();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<CustomerFormValues>();

  async function save(values: CustomerFormValues) {
    setBusy(true);
    try {
      onSaved(await api.patch<Customer>(`/api/v1/customers/${customer.id}`, toCustomerInput(values)));
      setEditing(false);
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  const edit = can("customers:write") && !editing && (
    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-profile">
      {t("common.edit")}
    </Button>
  );

  return (
    <Card size="small" title={t("customer.profile")} extra={edit}>
      {editing ? (
        <Form form={form} layout="vertical" initialValues={toCustomerFormValues(customer)} onFinish={save}>
          <CustomerFields />
          <Flex gap={8} justify="end">
            <Button onClick={() => setEditing(false)}>{t("common.cancel")}</Button>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t("common.save")}
            </Button>
          </Flex>
        </Form>
      ) : (
        <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }}>
          <Descriptions.Item label={t("common.name")}>{customer.name || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("common.phone")}>{customer.phone || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("customer.externalId")}>{customer.externalId || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("common.email")}>{customer.email || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("customer.gender")}>
            {customer.gender ? t(`gender.${customer.gender}`) : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("customer.birthday")}>{customer.birthday || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("customer.region")}>
            {[customer.province, customer.city, customer.district].filter(Boolean).join(" ") || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("customer.occupation")}>{customer.occupation || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("customer.source")}>{customer.sourceChannel || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("customer.joinedAt")}>
            {f.dateTime(customer.joinedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("customer.identities")}>
            <Flex gap={4} wrap>
              {customer.identities.map((identity) => (
                <Tag key={`${identity.kind}:${identity.value}`}>
                  {translateKnown(t, "identity", identity.kind)}: {identity.value}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          {customer.note && <Descriptions.Item label={t("customer.note")}>{customer.note}</Descriptions.Item>}
        </Descriptions>
      )}
    </Card>
  );
}
