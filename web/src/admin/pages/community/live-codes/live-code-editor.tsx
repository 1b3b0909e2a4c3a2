import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Checkbox, Divider, Flex, Form, Input, InputNumber, Modal, Select, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../../../shared/api";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import type { MessageKey } from "../../../i18n/zh-cn";
import { emptyForm, formOf, inputOf, type LiveCodeFormValues } from "./live-code-form";
import { type LiveCode, liveCodeKinds, routingStrategies, type TargetOptions } from "./live-codes-api";

const picks = ["fill", "round_robin", "least_loaded", "random"] as const;

/** Create or edit a live code: settings, targets (with backups and limits) and, for schedules, time windows. */
export function LiveCodeEditor({
  code,
  options,
  onClose,
  onSaved,
}: {
  code: LiveCode | null;
  options: TargetOptions | null;
  onClose(): void;
  onSaved(): void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<LiveCodeFormValues>();
  const [saving, setSaving] = useState(false);
  const strategy = Form.useWatch("strategy", form);
  const windows = Form.useWatch("windows", form) ?? [];

  useEffect(() => {
    form.setFieldsValue(code ? formOf(code) : emptyForm);
  }, [code, form]);

  async function save(values: LiveCodeFormValues) {
    setSaving(true);
    try {
      const input = inputOf(values, code?.tagIds ?? []);
      if (code) await api.put(`/api/v1/live-codes/${code.id}`, input);
      else await api.post("/api/v1/live-codes", input);
      message.success(t("common.saved"));
      onSaved();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setSaving(false);
    }
  }

  const counters = new Map((code?.targets ?? []).map((target) => [target.id, target]));
  return (
    <Modal
      open
      width={920}
      title={code ? t("liveCodes.edit") : t("liveCodes.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<LiveCodeFormValues> form={form} layout="vertical" onFinish={save} initialValues={emptyForm}>
        <Flex gap={12} wrap>
          <Form.Item
            name="name"
            label={t("liveCodes.field.name")}
            rules={[{ required: true, message: t("form.required") }]}
            style={{ flex: 2, minWidth: 220 }}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t("liveCodes.field.kind")} style={{ flex: 1, minWidth: 160 }}>
            <Select
              options={liveCodeKinds.map((k) => ({
                value: k,
                label: t(`liveCodes.kind.${k}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item name="strategy" label={t("liveCodes.field.strategy")} style={{ flex: 1, minWidth: 200 }}>
            <Select
              options={routingStrategies.map((s) => ({
                value: s,
                label: t(`liveCodes.strategy.${s}` as MessageKey),
              }))}
            />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="costYuan" label={t("liveCodes.field.cost")}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="welcomePoints" label={t("liveCodes.field.welcomePoints")}>
            <InputNumber min={1} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="warnPercent" label={t("liveCodes.field.warnPercent")}>
            <InputNumber min={1} max={100} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Flex>
        <Form.Item name="welcomeMessage" label={t("liveCodes.field.welcomeMessage")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>

        {strategy === "schedule" && (
          <>
            <Divider titlePlacement="start">{t("liveCodes.field.windows")}</Divider>
            <Form.List name="windows">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} wrap align="start">
                      <Form.Item
                        name={[field.name, "key"]}
                        label={t("liveCodes.window.key")}
                        rules={[{ required: true }]}
                      >
                        <Input style={{ width: 90 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "weekdays"]}
                        label={t("liveCodes.window.weekdays")}
                        rules={[{ required: true }]}
                      >
                        <Checkbox.Group
                          options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({
                            value: d,
                            label: t(`liveCodes.weekday.${d}` as MessageKey),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "start"]}
                        label={t("liveCodes.window.start")}
                        rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}
                      >
                        <Input placeholder="22:00" style={{ width: 80 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "end"]}
                        label={t("liveCodes.window.end")}
                        rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}
                      >
                        <Input placeholder="02:00" style={{ width: 80 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, "pick"]} label={t("liveCodes.field.strategy")}>
                        <Select
                          style={{ width: 170 }}
                          options={picks.map((p) => ({
                            value: p,
                            label: t(`liveCodes.strategy.${p}` as MessageKey),
                          }))}
                        />
                      </Form.Item>
                      <MinusCircleOutlined style={{ marginTop: 38 }} onClick={() => remove(field.name)} />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() =>
                      add({
                        key: `W${fields.length + 1}`,
                        weekdays: [1, 2, 3, 4, 5],
                        start: "09:00",
                        end: "18:00",
                        pick: "fill",
                      })
                    }
                  >
                    {t("liveCodes.field.addWindow")}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}

        <Divider titlePlacement="start">{t("liveCodes.field.targets")}</Divider>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <TargetRow
                  key={field.key}
                  name={field.name}
                  options={options}
                  strategy={strategy}
                  windowKeys={windows.map((w) => w?.key).filter(Boolean)}
                  counter={counters.get(form.getFieldValue(["targets", field.name, "id"]))}
                  onRemove={() => remove(field.name)}
                />
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                data-testid="add-target"
                onClick={() => add({ ...emptyForm.targets[0] })}
              >
                {t("liveCodes.field.addTarget")}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function TargetRow({
  name,
  options,
  strategy,
  windowKeys,
  counter,
  onRemove,
}: {
  name: number;
  options: TargetOptions | null;
  strategy: string | undefined;
  windowKeys: string[];
  counter?: LiveCode["targets"][number];
  onRemove(): void;
}) {
  const t = useT();
  const kind = Form.useWatch(["targets", name, "kind"]);
  const refs =
    kind === "staff"
      ? (options?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))
      : (options?.communities ?? []).map((c) => ({
          value: c.id,
          label: `${c.name}${c.capacity ? ` (${c.memberCount}/${c.capacity})` : ""}`,
        }));
  return (
    <Flex gap={8} wrap align="start" data-testid="target-row">
      <Form.Item name={[name, "kind"]} label={t("liveCodes.col.targets")}>
        <Select
          style={{ width: 100 }}
          options={[
            { value: "community", label: t("liveCodes.target.community") },
            { value: "staff", label: t("liveCodes.target.staff") },
          ]}
        />
      </Form.Item>
      <Form.Item name={[name, "refId"]} label=" " rules={[{ required: true, message: t("form.required") }]}>
        <Select style={{ width: 220 }} options={refs} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item name={[name, "role"]} label=" ">
        <Select
          style={{ width: 100 }}
          options={[
            { value: "primary", label: t("liveCodes.target.primary") },
            { value: "backup", label: t("liveCodes.target.backup") },
          ]}
        />
      </Form.Item>
      <Form.Item name={[name, "capacity"]} label={t("liveCodes.target.capacity")}>
        <InputNumber min={1} precision={0} style={{ width: 100 }} />
      </Form.Item>
      <Form.Item name={[name, "dailyLimit"]} label={t("liveCodes.target.dailyLimit")}>
        <InputNumber min={1} precision={0} style={{ width: 100 }} />
      </Form.Item>
      {strategy === "schedule" && (
        <Form.Item name={[name, "windowKey"]} label={t("liveCodes.target.window")}>
          <Select
            allowClear
            style={{ width: 100 }}
            options={windowKeys.map((k) => ({ value: k, label: k }))}
          />
        </Form.Item>
      )}
      {strategy === "store" && (
        <Form.Item name={[name, "storeId"]} label={t("liveCodes.target.store")}>
          <Select
            allowClear
            style={{ width: 160 }}
            options={(options?.stores ?? []).map((s) => ({
              value: s.id,
              label: `${s.name}${s.city ? ` · ${s.city}` : ""}`,
            }))}
          />
        </Form.Item>
      )}
      {counter && (
        <Tag color={counter.available ? "green" : "default"} style={{ marginTop: 36 }}>
          {counter.available
            ? t("liveCodes.target.fill", { assigned: counter.assigned })
            : t("liveCodes.target.offDuty")}
        </Tag>
      )}
      <MinusCircleOutlined style={{ marginTop: 38 }} onClick={onRemove} />
    </Flex>
  );
}
