import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../../shared/api";
import type {
  ComposeInput,
  ComposeResult,
  List,
  MessageCategory,
  Segment,
  SendPreview,
} from "../../../../shared/api-types";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { heldEntries, totalHeld } from "./hold-text";

type Fields = { category: MessageCategory; segmentId: string; title: string; body: string; link?: string };

/** Compose to a segment; the preview says how many go now and how many the guard holds, why and until when. */
export function ComposePanel({ onSent }: { onSent(): void }) {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Fields>();
  const segments = useGet<List<Segment>>("/api/v1/segments");
  const [preview, setPreview] = useState<SendPreview | null>(null);
  const [busy, setBusy] = useState<"preview" | "send" | null>(null);

  const inputOf = (v: Fields): ComposeInput => ({
    category: v.category,
    title: v.title,
    body: v.body,
    link: v.link?.trim() ? v.link.trim() : null,
    audience: { kind: "segment", id: v.segmentId },
  });

  async function runPreview() {
    const values = await form.validateFields(["category", "segmentId"]);
    setBusy("preview");
    try {
      setPreview(
        await api.post<SendPreview>("/api/v1/messaging/sends/preview", {
          category: values.category,
          audience: { kind: "segment", id: values.segmentId },
        }),
      );
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(null);
    }
  }

  async function send(values: Fields) {
    setBusy("send");
    try {
      const result = await api.post<ComposeResult>("/api/v1/messaging/sends", inputOf(values));
      message.success(
        result.status === "queued"
          ? t("messaging.queued")
          : t("messaging.sent", { delivered: result.delivered, scheduled: result.scheduled }),
      );
      form.resetFields();
      setPreview(null);
      onSent();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card style={{ maxWidth: 720 }}>
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{ category: "promotional" }}
        onFinish={send}
        onValuesChange={(changed) => {
          if ("category" in changed || "segmentId" in changed) setPreview(null);
        }}
      >
        <Form.Item name="category" label={t("messaging.category")} extra={t("messaging.categoryHint")}>
          <Radio.Group
            optionType="button"
            options={(["promotional", "service"] as const).map((c) => ({
              value: c,
              label: t(`messaging.category.${c}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="segmentId" label={t("messaging.segment")} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t("messaging.segmentPlaceholder")}
            loading={segments.loading}
            data-testid="messaging-segment"
            options={(segments.data?.data ?? []).map((s) => ({
              value: s.id,
              label: t("messaging.segmentOption", { name: s.name, count: s.memberCount }),
            }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t("messaging.titleLabel")} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} data-testid="messaging-title" />
        </Form.Item>
        <Form.Item name="body" label={t("messaging.body")} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="messaging-body" />
        </Form.Item>
        <Form.Item
          name="link"
          label={t("messaging.link")}
          extra={t("messaging.linkHint")}
          rules={[{ pattern: /^(https?:\/\/|\/)\S*$/, message: t("messaging.linkHint") }]}
        >
          <Input maxLength={500} />
        </Form.Item>
        {preview ? <PreviewBox preview={preview} dateTime={f.dateTime} /> : null}
        <Space wrap>
          <Button onClick={runPreview} loading={busy === "preview"} data-testid="messaging-preview">
            {t("messaging.preview")}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy === "send"} data-testid="messaging-send">
            {t("messaging.send")}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function PreviewBox({ preview, dateTime }: { preview: SendPreview; dateTime(iso: string | null): string }) {
  const t = useT();
  const held = totalHeld(preview.held);
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type={held > 0 ? "warning" : "success"}
      data-testid="messaging-preview-result"
      message={t("messaging.previewTitle", { recipients: preview.recipients, now: preview.sendNow, held })}
      description={
        held > 0 ? (
          <>
            {heldEntries(preview.held).map((e) => (
              <div key={e.reason}>
                {t("messaging.heldLine", { reason: t(`messaging.reason.${e.reason}`), count: e.count })}
              </div>
            ))}
            <Typography.Text type="secondary">
              {preview.firstHeldUntil === preview.lastHeldUntil
                ? t("messaging.heldAt", { time: dateTime(preview.firstHeldUntil) })
                : t("messaging.heldWindow", {
                    first: dateTime(preview.firstHeldUntil),
                    last: dateTime(preview.lastHeldUntil),
                  })}
            </Typography.Text>
          </>
        ) : null
      }
    />
  );
}
