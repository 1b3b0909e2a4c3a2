import { UploadOutlined } from "@ant-design/icons";
import { Button, Form, Input, Select, Space, Switch, Upload } from "antd";
import { api } from "../../../../shared/api";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import type { CardKind, CardRef } from "./content-api";

const cardKinds: CardKind[] = ["coupon_template", "flash_sale", "checkin"];

// An outside image URL, or the path of an image uploaded here (a built-in chat gets it as a chat image).
const imagePattern = /^(https?:\/\/\S+|\/api\/v1\/content\/images\/[0-9a-f-]{36})$/iu;

/** The copy of a template or post: title, text, image (URL or upload), link, card, promotional. */
export function ContentFields() {
  const t = useT();
  const form = Form.useFormInstance();
  const notifyError = useNotifyError();

  async function uploadImage(file: File) {
    const body = new FormData();
    body.append("file", file);
    try {
      const image = await api.post<{ id: string; url: string }>("/api/v1/content/images", body);
      form.setFieldValue("imageUrl", image.url);
      await form.validateFields(["imageUrl"]);
    } catch (cause) {
      notifyError(cause);
    }
    return false;
  }

  return (
    <>
      <Form.Item name="title" label={t("content.field.title")} rules={[{ required: true, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="body" label={t("content.field.body")} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item label={t("content.field.imageUrl")} extra={t("content.field.imageHint")}>
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item
            name="imageUrl"
            noStyle
            rules={[{ pattern: imagePattern, message: t("content.field.imageInvalid") }]}
          >
            <Input placeholder="https://…" />
          </Form.Item>
          <Upload
            accept="image/png,image/jpeg,image/webp,image/gif"
            showUploadList={false}
            beforeUpload={uploadImage}
          >
            <Button icon={<UploadOutlined />} data-testid="content-image-upload">
              {t("content.field.imageUpload")}
            </Button>
          </Upload>
        </Space.Compact>
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
