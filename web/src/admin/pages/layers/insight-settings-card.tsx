import { Button, Card, DatePicker, Flex, Form, InputNumber, Radio, Typography } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../shared/api";
import type { InsightSettings, JobStatus, RfmCutoffs, RfmSettings } from "../../../shared/api-types";
import { dayjs } from "../../../shared/time";
import { ErrorAlert } from "../../components/error-alert";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";
import { JobStatusLine } from "./job-status-line";
import { defaultCutoffs, fenToYuan, rfmFieldErrors, rfmSettingsBody, yuanToFen } from "./rfm-settings-form";
import { useJobProgress } from "./use-job-progress";

const axes = ["recency", "frequency", "monetary"] as const;

/** RFM window, reference date, scoring mode and cut-offs, and recomputing RFM now. */
export function InsightSettingsCard({ editable }: { editable: boolean }) {
  const t = useT();
  const f = useFormat();
  const settings = useGet<InsightSettings>("/api/v1/insight/settings");
  const [form, setForm] = useState<RfmSettings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobProgress(jobId, (done: JobStatus) => done.status === "succeeded" && settings.reload());

  useEffect(() => {
    if (settings.data) setForm(settings.data.rfm);
  }, [settings.data]);

  const fieldErrors = error ? rfmFieldErrors(error.details) : {};
  const status = (field: string) => (fieldErrors[field] ? ("error" as const) : undefined);
  const patch = (next: Partial<RfmSettings>) => form && setForm({ ...form, ...next });
  const save = async () => {
    if (!form) return;
    setSaving(true);
    try {
      settings.setData(await api.put<InsightSettings>("/api/v1/insight/settings", rfmSettingsBody(form)));
      setError(null);
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };
  const recompute = async () => {
    try {
      setJobId((await api.post<{ jobId: string }>("/api/v1/insight/rfm/recompute")).jobId);
    } catch (cause) {
      setError(cause as ApiError);
    }
  };
  const cutoffs: RfmCutoffs = form?.cutoffs ?? defaultCutoffs;
  const setCutoff = (axis: (typeof axes)[number], i: number, value: number | null) => {
    const next = [...cutoffs[axis]] as RfmCutoffs["recency"];
    next[i] = axis === "monetary" ? yuanToFen(value ?? 0) : (value ?? 0);
    patch({ cutoffs: { ...cutoffs, [axis]: next } });
  };

  return (
    <Card
      size="small"
      title={t("insight.settings.title")}
      data-testid="rfm-settings"
      extra={
        settings.data?.updatedAt && (
          <Typography.Text type="secondary">
            {t("insight.settings.lastSaved", { time: f.dateTime(settings.data.updatedAt) })}
          </Typography.Text>
        )
      }
    >
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      {form && (
        <Form layout="vertical" component="div" disabled={!editable}>
          <Form.Item
            label={t("insight.settings.window")}
            validateStatus={status("windowDays")}
            help={fieldErrors.windowDays}
          >
            <Flex gap={8} align="center" wrap>
              <Radio.Group
                value={form.windowDays === null ? "all" : "days"}
                onChange={(e) => patch({ windowDays: e.target.value === "all" ? null : 365 })}
                options={[
                  { value: "days", label: t("insight.settings.windowDays") },
                  { value: "all", label: t("insight.settings.allTime") },
                ]}
              />
              {form.windowDays !== null && (
                <InputNumber
                  min={1}
                  max={36_500}
                  value={form.windowDays}
                  onChange={(v) => patch({ windowDays: v ?? 365 })}
                />
              )}
            </Flex>
          </Form.Item>
          <Form.Item
            label={t("insight.settings.reference")}
            validateStatus={status("referenceDate") ?? status("referenceMode")}
            help={fieldErrors.referenceDate ?? fieldErrors.referenceMode}
          >
            <Flex gap={8} align="center" wrap>
              <Radio.Group
                value={form.referenceMode}
                onChange={(e) => patch({ referenceMode: e.target.value })}
                options={(["today", "fixed", "after_last_order"] as const).map((mode) => ({
                  value: mode,
                  label: t(`insight.settings.ref.${mode}`),
                }))}
              />
              {form.referenceMode === "fixed" && (
                <DatePicker
                  value={form.referenceDate ? dayjs(form.referenceDate) : null}
                  onChange={(d) => patch({ referenceDate: d ? d.format("YYYY-MM-DD") : null })}
                />
              )}
            </Flex>
          </Form.Item>
          <Form.Item label={t("insight.settings.scoring")}>
            <Radio.Group
              value={form.scoringMode}
              onChange={(e) =>
                patch({
                  scoringMode: e.target.value,
                  cutoffs: e.target.value === "cutoffs" ? cutoffs : form.cutoffs,
                })
              }
              options={[
                { value: "quintile", label: t("insight.settings.quintile") },
                { value: "cutoffs", label: t("insight.settings.cutoffs") },
              ]}
            />
          </Form.Item>
          {form.scoringMode === "cutoffs" && (
            <>
              <Typography.Paragraph type="secondary">
                {t("insight.settings.cutoffsHelp")}
              </Typography.Paragraph>
              {axes.map((axis) => (
                <Form.Item
                  key={axis}
                  label={t(`insight.settings.${axis}Cutoffs`)}
                  validateStatus={status(`cutoffs.${axis}`)}
                  help={fieldErrors[`cutoffs.${axis}`]}
                >
                  <Flex gap={8} wrap>
                    {cutoffs[axis].map((value, i) => (
                      <InputNumber
                        // biome-ignore lint/suspicious/noArrayIndexKey: the four cut-offs are fixed positions
                        key={i}
                        min={0}
                        precision={axis === "monetary" ? 2 : 0}
                        value={axis === "monetary" ? fenToYuan(value) : value}
                        onChange={(v) => setCutoff(axis, i, v)}
                        data-testid={`cutoff-${axis}-${i}`}
                      />
                    ))}
                  </Flex>
                </Form.Item>
              ))}
            </>
          )}
          {error && !Object.keys(fieldErrors).length && <ErrorAlert error={error} />}
          {editable && (
            <Flex gap={8} wrap>
              <Button type="primary" onClick={save} loading={saving} data-testid="save-rfm">
                {t("common.save")}
              </Button>
              <Button onClick={recompute} loading={job.running} data-testid="recompute-rfm">
                {t("insight.settings.recompute")}
              </Button>
            </Flex>
          )}
          <div style={{ marginTop: 8 }}>
            <JobStatusLine job={job.job} error={job.error} />
          </div>
        </Form>
      )}
    </Card>
  );
}
