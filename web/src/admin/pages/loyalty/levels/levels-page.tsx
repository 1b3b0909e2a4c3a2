import { PlusOutlined, SaveOutlined, StarOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Flex, Spin, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { LevelConfig, LevelCounts, LevelSaved, LevelSettings } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useLocale } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { useJobProgress } from "../../layers/use-job-progress";
import { LevelEditorCard } from "./level-editor-card";
import { LevelPreviewChart } from "./level-preview-chart";
import {
  addLevel,
  type DraftLevel,
  defaultSettings,
  draftsOf,
  type LevelSetBody,
  levelProblemsOf,
  levelSetBody,
  removeLevel,
  suggestedLevels,
  thresholdUnit,
  updateLevel,
} from "./level-set";
import { LevelSettingsForm } from "./level-settings-form";

/** 会员等级: growth rules, the ordered ladder with benefits, a live preview of members per level, save. */
export function LevelsPage() {
  const { t, locale } = useLocale();
  const can = useCan();
  const { message } = App.useApp();
  const editable = can("loyalty:manage");
  const saved = useGet<LevelConfig>("/api/v1/loyalty/levels");
  const [settings, setSettings] = useState<LevelSettings>(defaultSettings);
  const [drafts, setDrafts] = useState<DraftLevel[] | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useJobProgress(jobId, () => saved.reload());

  useEffect(() => {
    if (saved.data && !dirty) {
      setSettings(saved.data.settings);
      setDrafts(draftsOf(saved.data.levels));
    }
  }, [saved.data, dirty]);

  const body = useMemo(
    () => (drafts && drafts.length > 0 ? levelSetBody(settings, drafts) : null),
    [settings, drafts],
  );
  const preview = useLevelPreview(body);
  const problems = useMemo(() => {
    const error = saveError ?? preview.error;
    return error ? levelProblemsOf(error.details, error.message) : null;
  }, [saveError, preview.error]);

  const edit = (next: { settings?: LevelSettings; drafts?: DraftLevel[] }) => {
    if (next.settings) setSettings(next.settings);
    if (next.drafts) setDrafts(next.drafts);
    setDirty(true);
    setSaveError(null);
  };
  const save = async () => {
    if (!body) return;
    setSaving(true);
    try {
      const result = await api.put<LevelSaved>("/api/v1/loyalty/levels", body);
      setDirty(false);
      setSaveError(null);
      saved.setData(result);
      setSettings(result.settings);
      setDrafts(draftsOf(result.levels));
      setJobId(result.reevaluateJobId);
      message.success(t("levels.saved"));
    } catch (cause) {
      setSaveError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };

  const currentById = new Map((saved.data?.levels ?? []).map((l) => [l.id, l.memberCount]));
  const bars = (drafts ?? []).map((d, i) => ({
    name: (locale === "en" ? d.nameEn : d.name) || `${i + 1}`,
    preview: preview.data?.data[i]?.count ?? 0,
    current: d.id ? (currentById.get(d.id) ?? 0) : null,
  }));
  const unit = thresholdUnit(settings.growthBasis);
  return (
    <>
      <PageHeader title={t("levels.title")} />
      <ErrorAlert error={saved.error} onRetry={saved.reload} />
      <Flex vertical gap={12}>
        <JobLine job={job} />
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("levels.intro")}
        </Typography.Paragraph>
        {!editable && <Alert type="info" showIcon title={t("levels.readOnly")} />}
        {!drafts ? (
          saved.loading && <Spin />
        ) : (
          <>
            <LevelSettingsForm
              settings={settings}
              errors={problems?.settings ?? {}}
              editable={editable}
              onChange={(patch) => edit({ settings: { ...settings, ...patch } })}
            />
            <Typography.Title level={5} style={{ margin: "4px 0 0" }}>
              {t("levels.ladder")}
            </Typography.Title>
            {drafts.length === 0 ? (
              <Card size="small">
                <Empty description={t("levels.empty")} data-testid="levels-empty">
                  {editable && (
                    <Button
                      type="primary"
                      icon={<StarOutlined />}
                      onClick={() => edit({ drafts: suggestedLevels(settings.growthBasis) })}
                      data-testid="use-suggested-levels"
                    >
                      {t("levels.useSuggested")}
                    </Button>
                  )}
                </Empty>
              </Card>
            ) : (
              drafts.map((level, index) => (
                <LevelEditorCard
                  key={level.key}
                  level={level}
                  index={index}
                  basis={settings.growthBasis}
                  current={level.id ? (currentById.get(level.id) ?? 0) : null}
                  preview={preview.data?.data[index]?.count ?? null}
                  errors={problems?.levels.get(index)}
                  editable={editable}
                  onChange={(patch) => edit({ drafts: updateLevel(drafts, index, patch) })}
                  onRemove={() => edit({ drafts: removeLevel(drafts, index) })}
                />
              ))
            )}
            {problems && problems.general.length > 0 && (
              <Alert type="error" showIcon title={problems.general.join("; ")} data-testid="levels-error" />
            )}
            <Flex gap={8} wrap align="center">
              {editable && (
                <Button
                  icon={<PlusOutlined />}
                  disabled={drafts.length >= 12}
                  onClick={() =>
                    edit({
                      drafts: addLevel(
                        drafts,
                        `${t("levels.name")} ${drafts.length + 1}`,
                        `Level ${drafts.length + 1}`,
                        unit,
                      ),
                    })
                  }
                  data-testid="add-level"
                >
                  {t("levels.add")}
                </Button>
              )}
              {preview.loading && <Spin size="small" />}
              <span style={{ flex: 1 }} />
              {dirty && <Typography.Text type="warning">{t("levels.unsaved")}</Typography.Text>}
              {editable && (
                <Button
                  type="primary"
                  icon={<SaveOutlined />}
                  loading={saving}
                  onClick={save}
                  disabled={!dirty || !body}
                  data-testid="save-levels"
                >
                  {t("levels.save")}
                </Button>
              )}
            </Flex>
            <LevelPreviewChart
              bars={bars}
              footer={
                preview.data &&
                !preview.error && (
                  <span data-testid="level-preview-total">
                    {t("levels.previewTotal", { total: preview.data.total, ms: preview.data.tookMs ?? 0 })}
                  </span>
                )
              }
            />
          </>
        )}
      </Flex>
    </>
  );
}

function JobLine({ job }: { job: ReturnType<typeof useJobProgress> }) {
  const { t } = useLocale();
  if (job.error)
    return <Alert type="error" showIcon title={job.error.message} description={job.error.code} />;
  if (!job.job && !job.running) return null;
  if (job.job?.status === "succeeded")
    return <Alert type="success" showIcon title={t("levels.jobDone")} data-testid="levels-job-done" />;
  if (job.job?.status === "failed" || job.job?.status === "cancelled")
    return (
      <Alert
        type="error"
        showIcon
        title={t("levels.jobFailed", { error: job.job.lastError ?? job.job.status })}
      />
    );
  return <Alert type="info" showIcon title={t("levels.jobRunning")} />;
}

/** Counts per level for the ladder on screen, asked again 500 ms after the last edit. */
function useLevelPreview(body: LevelSetBody | null) {
  const [data, setData] = useState<LevelCounts | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const key = body ? JSON.stringify(body) : null;
  useEffect(() => {
    if (!key) {
      setData(null);
      setError(null);
      return;
    }
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api.post<LevelCounts>("/api/v1/loyalty/levels/preview", JSON.parse(key)).then(
        (result) => {
          if (!live) return;
          setData(result);
          setError(null);
          setLoading(false);
        },
        (cause: unknown) => {
          if (!live) return;
          setError(cause as ApiError);
          setData(null);
          setLoading(false);
        },
      );
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return { data, error, loading };
}
