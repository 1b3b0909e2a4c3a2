import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Empty,
  Form,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from "antd";
import { useState } from "react";
import { api } from "../../../../shared/api";
import {
  type CouponTemplate,
  type CouponTrigger,
  type CouponTriggerEvent,
  couponTriggerEvents,
  type List,
} from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";

type TriggerValues = { eventType: CouponTriggerEvent; templateId: string; quantity: number };

/** Automatic issue: which template the welcome gift, a level-up, a birthday or a check-in gives. */
export function CouponTriggersCard({ templates }: { templates: CouponTemplate[] }) {
  const t = useT();
  const can = useCan();
  const manage = can("promotions:manage");
  const notifyError = useNotifyError();
  const triggers = useGet<List<CouponTrigger>>("/api/v1/coupon-triggers");
  const [form] = Form.useForm<TriggerValues>();
  const [busy, setBusy] = useState<string | null>(null);
  const templateName = (id: string) => templates.find((tpl) => tpl.id === id)?.name ?? id.slice(0, 8);
  const usable = templates.filter((tpl) => tpl.status !== "ended");

  async function save(body: TriggerValues & { enabled: boolean }, key: string) {
    setBusy(key);
    try {
      await api.put("/api/v1/coupon-triggers", body);
      triggers.reload();
      if (key === "new") form.resetFields();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(null);
    }
  }

  async function remove(trigger: CouponTrigger) {
    setBusy(trigger.id);
    try {
      await api.delete(`/api/v1/coupon-triggers/${trigger.id}`);
      triggers.reload();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card title={t("coupons.triggers.title")} size="small" data-testid="coupon-triggers">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t("coupons.triggers.hint")}
      </Typography.Paragraph>
      <ErrorAlert error={triggers.error} onRetry={triggers.reload} />
      <Table<CouponTrigger>
        rowKey="id"
        size="small"
        pagination={false}
        loading={triggers.loading}
        dataSource={triggers.data?.data ?? []}
        scroll={{ x: 560 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("coupons.triggers.empty")} />,
        }}
        columns={[
          {
            title: t("coupons.triggers.event"),
            dataIndex: "eventType",
            render: (e: CouponTriggerEvent) => t(`coupons.trigger.${e}`),
          },
          { title: t("coupons.triggers.template"), dataIndex: "templateId", render: templateName },
          { title: t("coupons.triggers.quantity"), dataIndex: "quantity" },
          {
            title: t("coupons.triggers.enabled"),
            key: "enabled",
            render: (_, trigger) => (
              <Switch
                checked={trigger.enabled}
                disabled={!manage}
                loading={busy === trigger.id}
                aria-label={t("coupons.triggers.enabled")}
                onChange={(enabled) => save({ ...trigger, enabled }, trigger.id)}
              />
            ),
          },
          ...(manage
            ? [
                {
                  key: "remove",
                  width: 48,
                  render: (_: unknown, trigger: CouponTrigger) => (
                    <Popconfirm title={t("coupons.triggers.confirmRemove")} onConfirm={() => remove(trigger)}>
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t("coupons.triggers.remove")}
                      />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {manage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ eventType: "welcome_gift", quantity: 1 }}
          onFinish={(values) => save({ ...values, enabled: true }, "new")}
        >
          <Form.Item name="eventType">
            <Select
              style={{ width: 140 }}
              options={couponTriggerEvents.map((e) => ({ value: e, label: t(`coupons.trigger.${e}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="templateId"
            rules={[{ required: true, message: t("coupons.triggers.pickTemplate") }]}
          >
            <Select
              style={{ width: 220 }}
              data-testid="trigger-template"
              placeholder={t("coupons.triggers.pickTemplate")}
              options={usable.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
              notFoundContent={t("coupons.triggers.noTemplates")}
            />
          </Form.Item>
          <Form.Item name="quantity">
            <InputNumber min={1} max={10} precision={0} prefix="×" style={{ width: 90 }} />
          </Form.Item>
          <Space>
            <Button htmlType="submit" icon={<PlusOutlined />} loading={busy === "new"}>
              {t("coupons.triggers.add")}
            </Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
