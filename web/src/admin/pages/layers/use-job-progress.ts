import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../shared/api";
import type { JobStatus } from "../../../shared/api-types";

/** Follows a background job (GET /api/v1/jobs/{id}) once a second until it ends; null id = nothing to follow. */
export function useJobProgress(jobId: string | number | null, onDone?: (job: JobStatus) => void) {
  const [job, setJob] = useState<JobStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the job id is the trigger; onDone is read when it ends
  useEffect(() => {
    if (jobId === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setJob(null);
    setError(null);
    const poll = async () => {
      try {
        const next = await api.get<JobStatus>(`/api/v1/jobs/${jobId}`);
        if (!live) return;
        setJob(next);
        if (["succeeded", "failed", "cancelled"].includes(next.status)) onDone?.(next);
        else timer = setTimeout(poll, 1000);
      } catch (cause) {
        if (live) setError(cause as ApiError);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId]);
  return {
    job,
    error,
    running: jobId !== null && !error && (!job || job.status === "queued" || job.status === "running"),
  };
}
