import { Alert, Progress } from "antd";
import type { ApiError } from "../../../shared/api";
import type { JobStatus } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";

/** A running job's progress, then its outcome. */
export function JobStatusLine({ job, error }: { job: JobStatus | null; error: ApiError | null }) {
  const t = useT();
  if (error) return <Alert type="error" showIcon title={error.message} description={error.code} />;
  if (!job) return null;
  if (job.status === "succeeded")
    return <Alert type="success" showIcon title={t("insight.layers.jobDone")} data-testid="job-done" />;
  if (job.status === "failed" || job.status === "cancelled")
    return (
      <Alert
        type="error"
        showIcon
        title={t("insight.layers.jobFailed", { error: job.lastError ?? job.status })}
      />
    );
  const percent = job.progress?.total
    ? Math.round((job.progress.done / job.progress.total) * 100)
    : undefined;
  return (
    <Alert
      type="info"
      showIcon
      title={t("insight.layers.jobRunning")}
      description={percent !== undefined && <Progress percent={percent} size="small" />}
    />
  );
}
