import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Form, Modal, Popconfirm, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../../../../shared/api";
import type { List } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { type ContentTemplate, type TemplateKind, templateKinds } from "./content-api";
import { ContentFields, type ContentValues, contentOf } from "./content-fields";

type Values = ContentValues & { kind: TemplateKind };

/** 内容模板: reusable topics, tips, courses and promotions for the calendar. */
export function ContentTemplatesPage() {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const list = useGet<List<ContentTemplate>>("/api/v1/content/templates");
  const [editing, setEditing] = useState<ContentTemplate | "new" | null>(null);
  const [form] = Form.useForm<Values>();

  function open(template: ContentTemplate | "new") {
    setEditing(template);
    form.resetFields();
    if (template !== "new") {
      form.setFieldsValue({
        ...template,
        body: template.body,
        imageUrl: template.imageUrl ?? undefined,
        linkUrl: template.linkUrl ?? undefined,
        card: template.card ? { kind: template.card.kind, id: template.card.id ?? undefined } : undefined,
      });
    } else {
      form.setFieldsValue({ kind: "tip", promotional: false });
    }
  }

  async function save() {
    const values = await form.validateFields();
    try {
      const body = { kind: values.kind, ...contentOf(values) };
      if (editing === "new") await api.post("/api/v1/content/templates", body);
      else if (editing) await api.patch(`/api/v1/content/templates/${editing.id}`, body);
      message.success(t("common.saved"));
      setEditing(null);
      list.reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  async function remove(id: string) {
    try {
      await api.delete(`/api/v1/content/templates/${id}`);
      list.reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  return (
    <>
      <PageHeader
        title={t("content.templates.title")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open("new")}>
            {t("content.templates.new")}
          </Button>
        }
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<ContentTemplate>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.data ?? []}
        pagination={false}
        columns={[
          {
            title: t("content.field.kind"),
            dataIndex: "kind",
            width: 100,
            render: (kind: TemplateKind) => <Tag>{t(`content.kind.${kind}`)}</Tag>,
          },
          { title: t("content.field.title"), dataIndex: "title" },
          { title: t("content.field.body"), dataIndex: "body", ellipsis: true },
          {
            title: t("content.field.promotional"),
            dataIndex: "promotional",
            width: 100,
            render: (p: boolean) => (p ? <Tag color="orange">{t("content.promotional")}</Tag> : "—"),
          },
          {
            title: t("common.actions"),
            width: 160,
            render: (_, row) => (
              <Space>
                <Button size="small" onClick={() => open(row)}>
                  {t("common.edit")}
                </Button>
                <Popconfirm title={t("content.templates.confirmDelete")} onConfirm={() => remove(row.id)}>
                  <Button size="small" danger>
                    {t("content.delete")}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === "new" ? t("content.templates.new") : t("common.edit")}
        onOk={save}
        onCancel={() => setEditing(null)}
        okText={t("common.save")}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="kind" label={t("content.field.kind")} rules={[{ required: true }]}>
            <Select
              options={templateKinds.map((k) => ({ value: k, label: t(`content.kind.${k}`) }))}
              onChange={(kind: TemplateKind) => form.setFieldValue("promotional", kind === "promotion")}
            />
          </Form.Item>
          <ContentFields />
        </Form>
      </Modal>
    </>
  );
}
