import { Form, Input, Select, Space, Switch } from "antd";
import { useT } from "../../../i18n/locale-context";
import type { CardKind, CardRef } from "./content-api";

const cardKinds: CardKind[] = ["coupon_template", "flash_sale", "checkin"];

/** The copy of a template or post: title, text, image URL, link, card, promotional. */
export function ContentFields() {
  const t = useT();
  return (
    <>
      <Form.Item name="title" label={t("content.field.title")} rules={[{ required: true, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="body" label={t("content.field.body")} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item name="imageUrl" label={t("content.field.imageUrl")} rules={[{ type: "url" }]}>
        <Input placeholder="https://…" />
      </Form.Item>
      <Form.Item name="linkUrl" label={t("content.field.linkUrl")} extra={t("content.field.linkHint")}>
        <Input placeholder="/m/<shop>/coupons · https://…" />
      </Form.Item>
      <Form.Item label={t("content.field.card")}>
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item name={["card", "kind"]} noStyle>
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t("content.card.none")}
              options={cardKinds.map((k) => ({ value: k, label: t(`content.card.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name={["card", "id"]} noStyle>
            <Input placeholder={t("content.card.id")} />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="promotional" label={t("content.field.promotional")} valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
}

export type ContentValues = {
  title: string;
  body?: string;
  imageUrl?: string;
  linkUrl?: string;
  card?: { kind?: CardKind; id?: string };
  promotional?: boolean;
};

/** Form values → the API's content fields (empty strings become null). */
export function contentOf(values: ContentValues) {
  const card: CardRef | null = values.card?.kind
    ? { kind: values.card.kind, id: values.card.kind === "checkin" ? null : values.card.id?.trim() || null }
    : null;
  return {
    title: values.title.trim(),
    body: values.body?.trim() ?? "",
    imageUrl: values.imageUrl?.trim() || null,
    linkUrl: values.linkUrl?.trim() || null,
    card,
    promotional: values.promotional ?? false,
  };
}
