import type { Logger } from "pino";
import type { Database } from "../db/database.js";

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export type JobProgress = { done: number; total: number | null };

/** A row of the jobs table as the runner and the API read it. */
export type JobRow = {
  id: number;
  merchant_id: string | null;
  name: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  priority: number;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  progress: JobProgress | null;
  result: unknown;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

export type JobContext<Payload> = {
  database: Database;
  job: JobRow;
  payload: Payload;
  merchantId: string | null;
  /** Stored on the job row at once; callers throttle (the import reports about once a second). */
  reportProgress(progress: JobProgress): Promise<void>;
  log: Logger;
  /** Aborted when the runner stops or the lease was lost to another worker. */
  signal: AbortSignal;
  /** Outbound webhooks may reach private addresses (operator setting, off by default). */
  allowPrivateWebhooks?: boolean;
};

export type JobDefinition<Payload = Record<string, unknown>> = {
  name: string;
  /** Its return value is stored as the job's result. Throwing retries (with backoff) up to max_attempts. */
  run(ctx: JobContext<Payload>): Promise<unknown>;
};
