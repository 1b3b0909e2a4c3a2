import { Col, DatePicker, Form, Input, Row, Select } from "antd";
import type { Customer, CustomerInput, Gender } from "../../../shared/api-types";
import { type Dayjs, dayjs } from "../../../shared/time";
import { useT } from "../../i18n/locale-context";

export type CustomerFormValues = Omit<CustomerInput, "birthday"> & { birthday?: Dayjs | null };

const genders: Gender[] = ["male", "female", "other", "unknown"];

/** The editable profile fields, shared by the create modal and the 360 page's edit form. */
export function CustomerFields({ withExternalId = true }: { withExternalId?: boolean }) {
  const t = useT();
  const half = { xs: 24, sm: 12 };
  return (
    <Row gutter={12}>
      <Col {...half}>
        <Form.Item name="name" label={t("common.name")}>
          <Input />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="phone" label={t("common.phone")}>
          <Input inputMode="tel" />
        </Form.Item>
      </Col>
      {withExternalId && (
        <Col {...half}>
          <Form.Item name="externalId" label={t("customer.externalId")}>
            <Input />
          </Form.Item>
        </Col>
      )}
      <Col {...half}>
        <Form.Item
          name="email"
          label={t("common.email")}
          rules={[{ type: "email", message: t("form.email") }]}
        >
          <Input />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="gender" label={t("customer.gender")}>
          <Select allowClear options={genders.map((g) => ({ value: g, label: t(`gender.${g}`) }))} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="birthday" label={t("customer.birthday")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name="province" label={t("customer.province")}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8}>
        <Form.Item name="city" label={t("customer.city")}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8}>
        <Form.Item name="district" label={t("customer.district")}>
          <Input />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="occupation" label={t("customer.occupation")}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="note" label={t("customer.note")}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Form values → API body: empty strings become null so a cleared field is cleared on the server. */
export function toCustomerInput(values: CustomerFormValues): CustomerInput {
  const input: CustomerInput = {};
  for (const [key, value] of Object.entries(values) as [keyof CustomerFormValues, unknown][]) {
    if (key === "birthday") continue;
    if (value === undefined) continue;
    (input as Record<string, unknown>)[key] = typeof value === "string" && value.trim() === "" ? null : value;
  }
  if (values.birthday !== undefined)
    input.birthday = values.birthday ? values.birthday.format("YYYY-MM-DD") : null;
  return input;
}

/** Drops nulls from a create body: the server defaults what is absent. */
export function withoutNulls(input: CustomerInput): CustomerInput {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as CustomerInput;
}

export function toCustomerFormValues(customer: Customer): CustomerFormValues {
  return {
    name: customer.name,
    phone: customer.phone,
    externalId: customer.externalId,
    email: customer.email,
    gender: customer.gender,
    birthday: customer.birthday ? dayjs(customer.birthday) : null,
    province: customer.province,
    city: customer.city,
    district: customer.district,
    occupation: customer.occupation,
    note: customer.note,
  };
}
