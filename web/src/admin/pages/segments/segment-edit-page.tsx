import { App, Button, Card, Col, Form, Input, Row, Spin } from "antd";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, api } from "../../../shared/api";
import type { RuleIssue, RuleNode, Segment } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { RuleBuilder, RuleErrorAlert } from "../../components/rule-builder/rule-builder";
import { RuleBuilderDataProvider } from "../../components/rule-builder/rule-builder-data";
import { RulePreviewPanel } from "../../components/rule-builder/rule-preview-panel";
import { asRootGroup, countLeaves, emptyRule, ruleIssuesOf } from "../../components/rule-builder/rule-tree";
import { useRulePreview } from "../../components/rule-builder/use-rule-preview";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";

/** New segment (/segments/new) or editing one (/segments/:id/edit): rule builder beside its live count. */
export function SegmentEditPage() {
  const { id } = useParams();
  const existing = useGet<Segment>(id ? `/api/v1/segments/${id}` : null);
  if (id && !existing.data) {
    return existing.error ? <ErrorAlert error={existing.error} onRetry={existing.reload} /> : <Spin />;
  }
  return (
    <RuleBuilderDataProvider>
      <SegmentEditor segment={existing.data} />
    </RuleBuilderDataProvider>
  );
}

type FormValues = { name: string; description?: string };

function SegmentEditor({ segment }: { segment: Segment | null }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [rule, setRule] = useState<RuleNode>(() => (segment ? asRootGroup(segment.rule) : emptyRule()));
  const [saveIssues, setSaveIssues] = useState<RuleIssue[]>([]);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const preview = useRulePreview(rule, "/api/v1/segments/preview");

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new rule makes the last save's issues stale
  useEffect(() => setSaveIssues([]), [rule]);

  const save = async (values: FormValues) => {
    if (countLeaves(rule) === 0) {
      setSaveError(t("segments.needCondition"));
      return;
    }
    setSaving(true);
    setSaveError(null);
    const body = { name: values.name, description: values.description || null, rule };
    try {
      const saved = segment
        ? await api.patch<Segment>(`/api/v1/segments/${segment.id}`, body)
        : await api.post<Segment>("/api/v1/segments", body);
      message.success(t("common.saved"));
      navigate(`/segments/${saved.id}`);
    } catch (cause) {
      const error = cause instanceof ApiError ? cause : null;
      const issues = error?.code === "invalid_rule" ? ruleIssuesOf(error.details) : [];
      setSaveIssues(issues);
      setSaveError(issues.length ? t("rule.fixIssues") : (error?.message ?? String(cause)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader
        title={segment ? t("segments.editTitle", { name: segment.name }) : t("segments.create")}
        extra={
          <>
            <Button onClick={() => navigate(segment ? `/segments/${segment.id}` : "/segments")}>
              {t("common.cancel")}
            </Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="segment-save">
              {t("common.save")}
            </Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Form<FormValues>
              form={form}
              layout="vertical"
              initialValues={{ name: segment?.name ?? "", description: segment?.description ?? "" }}
              onFinish={save}
            >
              <Form.Item
                name="name"
                label={t("segments.name")}
                rules={[{ required: true, whitespace: true, message: t("form.required") }, { max: 50 }]}
              >
                <Input data-testid="segment-name" />
              </Form.Item>
              <Form.Item name="description" label={t("segments.description")} rules={[{ max: 500 }]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
              </Form.Item>
            </Form>
            <RuleErrorAlert message={saveError} />
            <RuleBuilder
              value={rule}
              onChange={setRule}
              issues={saveIssues.length ? saveIssues : preview.issues}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <RulePreviewPanel state={preview} />
        </Col>
      </Row>
    </>
  );
}
