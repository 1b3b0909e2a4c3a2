import { PlusOutlined, ReloadOutlined, SaveOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Spin, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { type ApiError, api } from "../../../shared/api";
import type { Layer, LayerPreview, LayerSaved, List } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { RuleBuilderDataProvider } from "../../components/rule-builder/rule-builder-data";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useGet } from "../../use-api";
import { InsightSettingsCard } from "./insight-settings-card";
import { JobStatusLine } from "./job-status-line";
import { LayerCard } from "./layer-card";
import {
  addLayer,
  type DraftLayer,
  draftsOf,
  layerProblemsOf,
  layerSetBody,
  moveLayer,
  removeLayer,
  updateLayer,
} from "./layer-set";
import { useJobProgress } from "./use-job-progress";

/** Layer settings (社群分层): the ordered layers and entry rules with live counts, re-evaluation, RFM settings. */
export function LayersPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const editable = can("insight:manage");
  const saved = useGet<List<Layer>>("/api/v1/layers");
  const [drafts, setDrafts] = useState<DraftLayer[] | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useJobProgress(jobId, () => saved.reload());

  useEffect(() => {
    if (saved.data && !dirty) setDrafts(draftsOf(saved.data.data));
  }, [saved.data, dirty]);

  const body = useMemo(() => (drafts ? layerSetBody(drafts) : null), [drafts]);
  const preview = useLayerPreview(body);
  const problems = useMemo(() => {
    const error = saveError ?? preview.error;
    return error ? layerProblemsOf(error.details, error.message) : null;
  }, [saveError, preview.error]);

  const edit = (next: DraftLayer[]) => {
    setDrafts(next);
    setDirty(true);
    setSaveError(null);
  };
  const save = async () => {
    if (!body) return;
    setSaving(true);
    try {
      const result = await api.put<LayerSaved>("/api/v1/layers", body);
      setDirty(false);
      setSaveError(null);
      saved.setData({ data: result.data });
      setDrafts(draftsOf(result.data));
      setJobId(result.reevaluateJobId);
      message.success(t("insight.layers.saved"));
    } catch (cause) {
      setSaveError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };
  const reevaluate = async () => {
    try {
      const accepted = await api.post<{ jobId: number }>("/api/v1/layers/reevaluate");
      setJobId(accepted.jobId);
    } catch (cause) {
      setSaveError(cause as ApiError);
    }
  };

  const currentById = new Map((saved.data?.data ?? []).map((l) => [l.id, l.customerCount]));
  return (
    <>
      <PageHeader
        title={t("insight.layers.title")}
        extra={
          editable && (
            <Button
              icon={<ReloadOutlined />}
              onClick={reevaluate}
              loading={job.running}
              data-testid="reevaluate"
            >
              {t("insight.layers.reevaluate")}
            </Button>
          )
        }
      />
      <ErrorAlert error={saved.error} onRetry={saved.reload} />
      <Flex vertical gap={12}>
        <JobStatusLine job={job.job} error={job.error} />
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("insight.layers.intro")}
        </Typography.Paragraph>
        {!drafts ? (
          saved.loading && <Spin />
        ) : (
          <RuleBuilderDataProvider>
            <Flex vertical gap={12}>
              {drafts.map((layer, index) => (
                <LayerCard
                  key={layer.key}
                  layer={layer}
                  index={index}
                  count={drafts.length}
                  current={layer.id ? (currentById.get(layer.id) ?? 0) : null}
                  preview={preview.data?.data[index]?.count ?? null}
                  fieldErrors={problems?.fields.get(index)}
                  ruleIssues={problems?.rules.get(index) ?? []}
                  editable={editable}
                  onChange={(patch) => edit(updateLayer(drafts, index, patch))}
                  onMove={(by) => edit(moveLayer(drafts, index, by))}
                  onRemove={() => edit(removeLayer(drafts, index))}
                />
              ))}
            </Flex>
          </RuleBuilderDataProvider>
        )}
        {problems && problems.general.length > 0 && (
          <Alert type="error" showIcon title={problems.general.join("; ")} />
        )}
        {drafts && (
          <Flex gap={8} wrap align="center">
            {editable && (
              <Button
                icon={<PlusOutlined />}
                disabled={drafts.length >= 10}
                onClick={() =>
                  edit(
                    addLayer(
                      drafts,
                      `${t("insight.layers.name")} ${drafts.length}`,
                      `Layer ${drafts.length}`,
                    ),
                  )
                }
              >
                {t("insight.layers.add")}
              </Button>
            )}
            {preview.loading && <Spin size="small" />}
            {preview.data && !preview.error && (
              <Typography.Text type="secondary" data-testid="preview-total">
                {t("insight.layers.previewTotal", { total: preview.data.total, ms: preview.data.tookMs })}
              </Typography.Text>
            )}
            <span style={{ flex: 1 }} />
            {dirty && <Typography.Text type="warning">{t("insight.layers.unsaved")}</Typography.Text>}
            {editable && (
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={saving}
                onClick={save}
                disabled={!dirty}
                data-testid="save-layers"
              >
                {t("insight.layers.saveAndApply")}
              </Button>
            )}
          </Flex>
        )}
        <InsightSettingsCard editable={editable} />
      </Flex>
    </>
  );
}

/** Counts per layer for the set on screen, asked again 500 ms after the last edit. */
function useLayerPreview(body: ReturnType<typeof layerSetBody> | null) {
  const [data, setData] = useState<LayerPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const key = body ? JSON.stringify(body) : null;
  useEffect(() => {
    if (!key) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api.post<LayerPreview>("/api/v1/layers/preview", JSON.parse(key)).then(
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
