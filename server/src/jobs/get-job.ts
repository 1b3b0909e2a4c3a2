import type { Database } from "../db/database.js";
import { notFound } from "../errors.js";
import type { JobProgress, JobRow, JobStatus } from "./job-types.js";

export type JobView = {
  id: string;
  name: string;
  status: JobStatus;
  attempts: number;
  progress: JobProgress | null;
  result: unknown;
  lastError: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

/** A merchant's job; another merchant's (or a system job) is not found. */
export async function getJob(database: Database, merchantId: string, id: string): Promise<JobView> {
  if (!/^\d{1,18}$/.test(id)) throw notFound("Job");
  const [row] = await database.query<JobRow>("select * from jobs where id = $1 and merchant_id = $2", [
    id,
    merchantId,
  ]);
  if (!row) throw notFound("Job");
  return toJobView(row);
}

export function toJobView(row: JobRow): JobView {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: String(row.id),
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    progress: row.progress,
    result: row.result ?? null,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
