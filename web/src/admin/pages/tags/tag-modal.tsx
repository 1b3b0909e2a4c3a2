import { App, Col, ColorPicker, Form, Input, Modal, Radio, Row, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { ApiError, api } from "../../../shared/api";
import type { RuleIssue, RuleNode, Tag, TagGroup, TagKind } from "../../../shared/api-types";
import { RuleBuilder, RuleErrorAlert } from "../../components/rule-builder/rule-builder";
import { RuleBuilderDataProvider } from "../../components/rule-builder/rule-builder-data";
import { RulePreviewPanel } from "../../components/rule-builder/rule-preview-panel";
import { asRootGroup, countLeaves, emptyRule, ruleIssuesOf } from "../../components/rule-builder/rule-tree";
import { useRulePreview } from "../../components/rule-builder/use-rule-preview";
import { useT } from "../../i18n/locale-context";

type FormValues = { name: string; kind: TagKind; color: string; groupId: string | null; description: string };

export const tagColors = [
  "#16a34a",
  "#2563eb",
  "#dc2626",
  "#d97706",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#475569",
];

/** Create a tag, or edit one (a rule tag's rule in the shared builder, with its live count). */
export function TagModal({
  open,
  tag,
  groups,
  defaultGroupId,
  onClose,
  onSaved,
}: {
  open: boolean;
  tag: Tag | null;
  groups: TagGroup[];
  defaultGroupId: string | null;
  onClose: () => void;
  onSaved: (tag: Tag) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch("kind", form) ?? tag?.kind ?? "manual";
  const [rule, setRule] = useState<RuleNode>(emptyRule);
  const [issues, setIssues] = useState<RuleIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({
      name: tag?.name ?? "",
      kind: tag?.kind ?? "manual",
      color: tag?.color ?? tagColors[0],
      groupId: tag ? tag.groupId : defaultGroupId,
      description: tag?.description ?? "",
    });
    setRule(tag?.rule ? asRootGroup(tag.rule) : emptyRule());
    setIssues([]);
    setError(null);
  }, [open, tag, defaultGroupId, form]);

  const save = async (values: FormValues) => {
    if (values.kind === "rule" && countLeaves(rule) === 0) {
      setError(t("tags.needCondition"));
      return;
    }
    setSaving(true);
    setError(null);
    const body = {
      name: values.name,
      color: typeof values.color === "string" ? values.color : tagColors[0],
      groupId: values.groupId ?? null,
      description: values.description || null,
      ...(values.kind === "rule" ? { rule } : {}),
    };
    try {
      const saved = tag
        ? await api.patch<Tag>(`/api/v1/tags/${tag.id}`, body)
        : await api.post<Tag>("/api/v1/tags", { ...body, kind: values.kind });
      message.success(t("common.saved"));
      onSaved(saved);
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : null;
      const found = apiError?.code === "invalid_rule" ? ruleIssuesOf(apiError.details) : [];
      setIssues(found);
      setError(found.length ? t("rule.fixIssues") : (apiError?.message ?? String(cause)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={tag ? t("tags.editTitle", { name: tag.name }) : t("tags.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: saving, "data-testid": "tag-save" } as { loading: boolean }}
      width={kind === "rule" ? 1000 : 520}
      destroyOnHidden
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={save}>
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t("tags.name")}
              rules={[{ required: true, whitespace: true, message: t("form.required") }, { max: 50 }]}
            >
              <Input data-testid="tag-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t("tags.kind")}>
              <Radio.Group disabled={tag !== null} data-testid="tag-kind">
                <Radio value="manual">{t("tags.kind.manual")}</Radio>
                <Radio value="rule">{t("tags.kind.rule")}</Radio>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={8} sm={6}>
            <Form.Item
              name="color"
              label={t("tags.color")}
              getValueFromEvent={(color: { toHexString: () => string }) => color.toHexString()}
            >
              <ColorPicker presets={[{ label: t("tags.color"), colors: tagColors }]} disabledAlpha />
            </Form.Item>
          </Col>
          <Col xs={16} sm={18}>
            <Form.Item name="groupId" label={t("tags.group")}>
              <Select
                allowClear
                placeholder={t("tags.ungrouped")}
                options={groups.map((g) => ({ value: g.id, label: g.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t("tags.description")} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
      </Form>
      <RuleErrorAlert message={error} />
      {kind === "rule" && (
        <RuleBuilderDataProvider manualTagsOnly>
          <TagRuleEditor
            rule={rule}
            onChange={(next) => {
              setRule(next);
              setIssues([]);
            }}
            saveIssues={issues}
          />
        </RuleBuilderDataProvider>
      )}
    </Modal>
  );
}

function TagRuleEditor({
  rule,
  onChange,
  saveIssues,
}: {
  rule: RuleNode;
  onChange: (rule: RuleNode) => void;
  saveIssues: RuleIssue[];
}) {
  const t = useT();
  const preview = useRulePreview(rule, "/api/v1/insight/preview");
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t("tags.rule")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("tags.ruleHint")}</Typography.Paragraph>
      <div style={{ marginBottom: 12 }}>
        <RuleBuilder
          value={rule}
          onChange={onChange}
          issues={saveIssues.length ? saveIssues : preview.issues}
        />
      </div>
      <RulePreviewPanel state={preview} />
    </>
  );
}
