import { GiftOutlined, LinkOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Radio,
  Select,
  Space,
  TimePicker,
  Typography,
} from "antd";
import { useEffect } from "react";
import { api } from "../../../../shared/api";
import type { List } from "../../../../shared/api-types";
import type { Community } from "../../../../shared/community-types";
import { type Dayjs, dayjs } from "../../../../shared/time";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import type { ContentPost, ContentTemplate, Repeat } from "./content-api";
import { ContentFields, type ContentValues, contentOf } from "./content-fields";

type Values = ContentValues & {
  communityId: string;
  templateId?: string;
  repeat: Repeat;
  date: Dayjs;
  endDate?: Dayjs | null;
  time: Dayjs;
  weekdays?: number[];
};

type GuardSettings = {
  guardEnabled: boolean;
  quietHours: { start: string; end: string } | null;
  timeZone: string;
};

const weekdayKeys = [0, 1, 2, 3, 4, 5, 6] as const;

/** Whether "HH:MM" falls in quiet hours that may span midnight. */
function inQuietHours(time: string, quiet: { start: string; end: string } | null): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? time >= quiet.start && time < quiet.end
    : time >= quiet.start || time < quiet.end;
}

/** New post: community, copy (or a template), schedule; previews the post and a hold by quiet hours. */
export function PostEditorDrawer({
  open,
  initialDate,
  onClose,
  onSaved,
}: {
  open: boolean;
  initialDate: Dayjs;
  onClose: () => void;
  onSaved: (post: ContentPost) => void;
}) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const communities = useGet<List<Community>>(open ? "/api/v1/communities" : null);
  const templates = useGet<List<ContentTemplate>>(open ? "/api/v1/content/templates" : null);
  const guard = useGet<GuardSettings>(open && can("promotions:read") ? "/api/v1/messaging/settings" : null);
  const values = Form.useWatch([], form) as Partial<Values> | undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ repeat: "once", date: initialDate, time: dayjs("20:00", "HH:mm"), weekdays: [] });
  }, [open, initialDate, form]);

  function applyTemplate(id: string | undefined) {
    const template = templates.data?.data.find((x) => x.id === id);
    if (!template) return;
    form.setFieldsValue({
      title: template.title,
      body: template.body,
      imageUrl: template.imageUrl ?? undefined,
      linkUrl: template.linkUrl ?? undefined,
      card: template.card ? { kind: template.card.kind, id: template.card.id ?? undefined } : undefined,
      promotional: template.promotional,
    });
  }

  async function save() {
    const v = await form.validateFields();
    try {
      const post = await api.post<ContentPost>("/api/v1/content/posts", {
        communityId: v.communityId,
        templateId: v.templateId ?? null,
        ...contentOf(v),
        schedule: {
          repeat: v.repeat,
          startDate: v.date.format("YYYY-MM-DD"),
          endDate: v.repeat === "once" ? null : (v.endDate?.format("YYYY-MM-DD") ?? null),
          localTime: v.time.format("HH:mm"),
          weekdays: v.repeat === "weekly" ? (v.weekdays ?? []) : [],
        },
      });
      message.success(t("common.saved"));
      onSaved(post);
    } catch (cause) {
      notifyError(cause);
    }
  }

  const time = values?.time ? values.time.format("HH:mm") : null;
  const quiet = guard.data?.guardEnabled ? guard.data.quietHours : null;
  const held = time !== null && inQuietHours(time, quiet);
  const community = communities.data?.data.find((c) => c.id === values?.communityId);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={560}
      title={t("content.calendar.newPost")}
      extra={
        <Button type="primary" onClick={save} data-testid="save-post">
          {t("common.save")}
        </Button>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="communityId" label={t("content.field.community")} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(communities.data?.data ?? []).map((c) => ({
              value: c.id,
              label: `${c.name} · ${t(`community.platform.${c.platform}`)}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="templateId" label={t("content.field.template")}>
          <Select
            allowClear
            placeholder={t("content.field.templateHint")}
            onChange={applyTemplate}
            options={(templates.data?.data ?? []).map((x) => ({
              value: x.id,
              label: `${t(`content.kind.${x.kind}`)} · ${x.title}`,
            }))}
          />
        </Form.Item>
        <ContentFields />
        <Form.Item name="repeat" label={t("content.field.repeat")}>
          <Radio.Group
            optionType="button"
            options={(["once", "daily", "weekly"] as const).map((r) => ({
              value: r,
              label: t(`content.repeat.${r}`),
            }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="date"
            label={values?.repeat === "once" ? t("content.field.date") : t("content.field.startDate")}
            rules={[{ required: true }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="time" label={t("content.field.time")} rules={[{ required: true }]}>
            <TimePicker format="HH:mm" minuteStep={5} />
          </Form.Item>
          {values?.repeat !== "once" && (
            <Form.Item name="endDate" label={t("content.field.endDate")}>
              <DatePicker />
            </Form.Item>
          )}
        </Space>
        {values?.repeat === "weekly" && (
          <Form.Item name="weekdays" label={t("content.field.weekdays")} rules={[{ required: true }]}>
            <Checkbox.Group
              options={weekdayKeys.map((d) => ({ value: d, label: t(`content.weekday.${d}`) }))}
            />
          </Form.Item>
        )}
      </Form>
      <Typography.Title level={5}>{t("content.preview")}</Typography.Title>
      <Card size="small" data-testid="post-preview">
        <Typography.Text strong>{values?.title || "—"}</Typography.Text>
        {values?.imageUrl && (
          <div>
            <img src={values.imageUrl} alt="" style={{ maxWidth: "100%", maxHeight: 160, marginTop: 8 }} />
          </div>
        )}
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: "8px 0" }}>
          {values?.body}
        </Typography.Paragraph>
        {values?.linkUrl && (
          <Typography.Link>
            <LinkOutlined /> {t("content.previewLink")}
          </Typography.Link>
        )}
        {values?.card?.kind && (
          <div>
            <GiftOutlined /> {t(`content.card.${values.card.kind}`)}
          </div>
        )}
        <div>
          <Typography.Text type="secondary">
            {community
              ? community.platform === "builtin"
                ? t("content.previewBuiltin", { name: community.name })
                : t("content.previewExternal", { name: community.name })
              : ""}
          </Typography.Text>
        </div>
      </Card>
      {held && quiet && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          data-testid="hold-preview"
          message={t("content.holdPreview", { start: quiet.start, end: quiet.end })}
        />
      )}
      {values?.promotional && (
        <Alert style={{ marginTop: 12 }} type="info" showIcon message={t("content.capPreview")} />
      )}
    </Drawer>
  );
}
