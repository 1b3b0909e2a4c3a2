import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Progress,
  Radio,
  Result,
  Select,
  Steps,
  Typography,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ApiError } from "../../../../shared/api";
import type { CouponBulkIssue, CouponTemplate, List } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { type Translate, useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { newIdempotencyKey } from "../../loyalty/points/idempotency-key";
import { BulkRunsCard } from "./bulk-runs-card";
import {
  bulkIssueFinished,
  findCustomersByPhone,
  getBulkIssue,
  issueToCustomers,
  type ManualOutcome,
  startBulkIssue,
} from "./issue-api";
import { parseRecipients } from "./recipients";
import { useCouponPickers } from "./use-coupon-pickers";

type Audience = "segment" | "manual";
type Resolved = { customerIds: string[]; unknownPhones: string[]; invalid: string[] };

/** 发券: template → audience → confirm the counts → start, then the run's progress and result. */
export function IssueWizardPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const pickers = useCouponPickers();
  const templates = useGet<List<CouponTemplate>>("/api/v1/coupon-templates");
  const [step, setStep] = useState(0);
  const [templateId, setTemplateId] = useState<string | null>(params.get("templateId"));
  const [audience, setAudience] = useState<Audience>("segment");
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");
  const [quantity, setQuantity] = useState(1);
  const [resolved, setResolved] = useState<Resolved | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<CouponBulkIssue | null>(null);
  const [manual, setManual] = useState<ManualOutcome | null>(null);
  const [manualDone, setManualDone] = useState(0);

  const active = (templates.data?.data ?? []).filter((tpl) => tpl.status === "active");
  const template = templates.data?.data.find((tpl) => tpl.id === templateId) ?? null;
  const segment = pickers.segments.find((s) => s.value === segmentId) ?? null;
  const parsed = useMemo(() => parseRecipients(pasted), [pasted]);
  const recipients = audience === "segment" ? (segment?.count ?? 0) : (resolved?.customerIds.length ?? 0);

  // The bulk issue runs as a job: poll its row until it has finished.
  useEffect(() => {
    if (!run || bulkIssueFinished(run)) return;
    const timer = setTimeout(() => {
      getBulkIssue(run.id).then(setRun, (cause: unknown) => setError(messageOf(cause)));
    }, 1000);
    return () => clearTimeout(timer);
  }, [run]);

  async function toConfirm() {
    setError(null);
    if (audience === "manual") {
      setBusy(true);
      try {
        const byPhone = await findCustomersByPhone(parsed.phones);
        setResolved({
          customerIds: [...new Set([...parsed.customerIds, ...byPhone.ids])],
          unknownPhones: byPhone.unknown,
          invalid: parsed.invalid,
        });
      } catch (cause) {
        setError(messageOf(cause));
        return;
      } finally {
        setBusy(false);
      }
    }
    setStep(2);
  }

  async function start() {
    if (!templateId) return;
    setError(null);
    setBusy(true);
    setStep(3);
    try {
      if (audience === "segment" && segmentId) {
        setRun(await startBulkIssue(templateId, segmentId, quantity, newIdempotencyKey()));
      } else if (resolved) {
        setManual(
          await issueToCustomers(templateId, resolved.customerIds, quantity, undefined, setManualDone),
        );
      }
    } catch (cause) {
      setError(messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  const canNext =
    step === 0
      ? template !== null
      : audience === "segment"
        ? segmentId !== null
        : parsed.customerIds.length + parsed.phones.length > 0;

  return (
    <>
      <PageHeader
        title={t("coupons.issue.title")}
        extra={<Button onClick={() => navigate("/promotions/coupons")}>{t("coupons.backToList")}</Button>}
      />
      <ErrorAlert error={templates.error} onRetry={templates.reload} />
      <Card>
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24 }}
          items={[
            { title: t("coupons.issue.stepTemplate") },
            { title: t("coupons.issue.stepAudience") },
            { title: t("coupons.issue.stepConfirm") },
            { title: t("coupons.issue.stepRun") },
          ]}
        />
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="issue-error" />
        )}
        {step === 0 && (
          <Flex vertical gap={12} style={{ maxWidth: 560 }}>
            <Typography.Text>{t("coupons.issue.pickTemplate")}</Typography.Text>
            <Select
              showSearch
              optionFilterProp="label"
              value={templateId}
              onChange={setTemplateId}
              placeholder={t("coupons.issue.pickTemplate")}
              data-testid="issue-template"
              notFoundContent={t("coupons.issue.noActiveTemplates")}
              options={active.map((tpl) => ({
                value: tpl.id,
                label: tpl.summary === tpl.name ? tpl.name : `${tpl.name} · ${tpl.summary}`,
              }))}
            />
            {template && <TemplateFacts template={template} />}
          </Flex>
        )}
        {step === 1 && (
          <Flex vertical gap={12} style={{ maxWidth: 560 }}>
            <Radio.Group
              value={audience}
              onChange={(e) => setAudience(e.target.value as Audience)}
              options={[
                { value: "segment", label: t("coupons.issue.toSegment") },
                { value: "manual", label: t("coupons.issue.toCustomers") },
              ]}
            />
            {audience === "segment" ? (
              <Select
                showSearch
                optionFilterProp="label"
                value={segmentId}
                onChange={setSegmentId}
                placeholder={t("coupons.issue.pickSegment")}
                data-testid="issue-segment"
                notFoundContent={t("coupons.issue.noSegments")}
                options={pickers.segments.map((s) => ({
                  value: s.value,
                  label: `${s.label} · ${t("coupons.people", { count: s.count })}`,
                }))}
              />
            ) : (
              <>
                <Input.TextArea
                  rows={6}
                  value={pasted}
                  onChange={(e) => setPasted(e.target.value)}
                  placeholder={t("coupons.issue.pastePlaceholder")}
                  data-testid="issue-paste"
                />
                <Typography.Text type="secondary">
                  {t("coupons.issue.pasteCounts", {
                    ids: parsed.customerIds.length,
                    phones: parsed.phones.length,
                    invalid: parsed.invalid.length,
                  })}
                </Typography.Text>
              </>
            )}
            <Flex align="center" gap={8}>
              <Typography.Text>{t("coupons.issue.quantity")}</Typography.Text>
              <InputNumber
                min={1}
                max={10}
                precision={0}
                value={quantity}
                onChange={(v) => setQuantity(v ?? 1)}
              />
            </Flex>
          </Flex>
        )}
        {step === 2 && template && (
          <Descriptions
            column={1}
            bordered
            size="small"
            style={{ maxWidth: 640 }}
            data-testid="issue-confirm"
          >
            <Descriptions.Item label={t("coupons.issue.template")}>
              {template.summary === template.name ? template.name : `${template.name} · ${template.summary}`}
            </Descriptions.Item>
            <Descriptions.Item label={t("coupons.issue.audience")}>
              {audience === "segment" ? segment?.label : t("coupons.issue.toCustomers")}
            </Descriptions.Item>
            <Descriptions.Item label={t("coupons.issue.recipients")}>
              <span data-testid="issue-recipients">{t("coupons.people", { count: recipients })}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("coupons.issue.coupons")}>
              {t("coupons.issue.couponCount", { count: recipients * quantity, quantity })}
            </Descriptions.Item>
            <Descriptions.Item label={t("coupons.issue.stockLeft")}>
              {template.remaining === null ? t("coupons.unlimited") : template.remaining}
            </Descriptions.Item>
            {template.remaining !== null && template.remaining < recipients * quantity && (
              <Descriptions.Item label={t("coupons.issue.note")}>
                <Typography.Text type="warning">{t("coupons.issue.stockShort")}</Typography.Text>
              </Descriptions.Item>
            )}
            {resolved && resolved.unknownPhones.length + resolved.invalid.length > 0 && (
              <Descriptions.Item label={t("coupons.issue.leftOut")}>
                {[...resolved.unknownPhones, ...resolved.invalid].join(", ")}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
        {step === 3 && (
          <RunResult run={run} manual={manual} manualDone={manualDone} total={recipients} busy={busy} />
        )}
        <Flex gap={8} style={{ marginTop: 24 }}>
          {step > 0 && step < 3 && (
            <Button onClick={() => setStep(step - 1)}>{t("coupons.issue.back")}</Button>
          )}
          {step < 2 && (
            <Button
              type="primary"
              disabled={!canNext}
              loading={busy}
              onClick={() => (step === 0 ? setStep(1) : toConfirm())}
              data-testid="issue-next"
            >
              {t("coupons.issue.next")}
            </Button>
          )}
          {step === 2 && (
            <Button type="primary" disabled={recipients === 0} onClick={start} data-testid="issue-start">
              {t("coupons.issue.start")}
            </Button>
          )}
        </Flex>
      </Card>
      <BulkRunsCard
        templates={templates.data?.data ?? []}
        segmentName={(id) => pickers.segments.find((s) => s.value === id)?.label ?? id.slice(0, 8)}
        refreshKey={run ? `${run.id}-${bulkIssueFinished(run)}` : ""}
      />
    </>
  );
}

function messageOf(cause: unknown): string {
  return cause instanceof ApiError ? `${cause.message} (${cause.code})` : String(cause);
}

function TemplateFacts({ template }: { template: CouponTemplate }) {
  const t = useT();
  return (
    <Typography.Text type="secondary">
      {t("coupons.issue.templateFacts", {
        issued: template.issued,
        remaining: template.remaining === null ? t("coupons.unlimited") : template.remaining,
        limit: template.perCustomerLimit ?? t("coupons.unlimited"),
      })}
    </Typography.Text>
  );
}

function RunResult({
  run,
  manual,
  manualDone,
  total,
  busy,
}: {
  run: CouponBulkIssue | null;
  manual: ManualOutcome | null;
  manualDone: number;
  total: number;
  busy: boolean;
}) {
  const t = useT();
  if (run) {
    const finished = bulkIssueFinished(run);
    const of = run.total ?? total;
    return (
      <div data-testid="issue-run" data-status={run.status}>
        <Progress
          percent={of ? Math.floor((run.processed / of) * 100) : finished ? 100 : 0}
          status={run.status === "failed" ? "exception" : finished ? "success" : "active"}
        />
        <Descriptions column={1} size="small" style={{ marginTop: 12, maxWidth: 560 }}>
          <Descriptions.Item label={t("coupons.issue.runStatus")}>
            <span data-testid="issue-run-status">{t(`coupons.run.${run.status}`)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("coupons.issue.processed")}>
            {run.processed} / {of}
          </Descriptions.Item>
          <Descriptions.Item label={t("coupons.issue.issued")}>
            <span data-testid="issue-run-issued">{run.issued}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("coupons.issue.skipped")}>{run.skipped}</Descriptions.Item>
          {run.stopReason && (
            <Descriptions.Item label={t("coupons.issue.stopReason")}>{run.stopReason}</Descriptions.Item>
          )}
          {run.lastError && (
            <Descriptions.Item label={t("coupons.issue.lastError")}>{run.lastError}</Descriptions.Item>
          )}
        </Descriptions>
      </div>
    );
  }
  if (manual) {
    const skipped = Object.entries(manual.skipped);
    return (
      <Result
        status={manual.issuedCustomers > 0 ? "success" : "warning"}
        title={t("coupons.issue.manualDone", { customers: manual.issuedCustomers, coupons: manual.coupons })}
        subTitle={skipped.map(([reason, count]) => `${skipReasonText(reason, t)}: ${count}`).join("; ")}
        data-testid="issue-manual-result"
      />
    );
  }
  return busy ? (
    <Progress percent={total ? Math.floor((manualDone / total) * 100) : 0} status="active" />
  ) : null;
}

const skipReasons = [
  "not_found",
  "paused",
  "ended",
  "not_in_audience",
  "out_of_stock",
  "limit_reached",
] as const;

function skipReasonText(reason: string, t: Translate): string {
  const known = skipReasons.find((r) => r === reason);
  return known ? t(`coupons.skip.${known}`) : reason;
}
