import { randomUUID } from "node:crypto";
import { type Logger, pino } from "pino";
import type { Database } from "../db/database.js";
import { findJobDefinition } from "./define-job.js";
import { jobSignals } from "./enqueue-job.js";
import { enqueueDueSchedules } from "./job-schedules.js";
import type { JobProgress, JobRow } from "./job-types.js";

export type JobRunnerOptions = {
  workers?: number;
  pollIntervalMs?: number;
  workerId?: string;
  /** How long a claim holds before another runner may take the job back; renewed while running. */
  leaseMs?: number;
  /** First retry delay; each retry doubles it (with jitter), up to an hour. */
  backoffBaseMs?: number;
  logger?: Logger;
  /** Operator setting QUANZI_WEBHOOK_ALLOW_PRIVATE: outbound webhooks may reach private addresses. */
  allowPrivateWebhooks?: boolean;
};

export type JobRunner = { workerId: string; stop(): Promise<void> };

/**
 * Runs queued jobs on `workers` loops. Claims use FOR UPDATE SKIP LOCKED, so any number of
 * processes can share one PostgreSQL database and each job runs once at a time; a job whose
 * worker died is taken back when its lease runs out.
 */
export function startJobRunner(database: Database, options: JobRunnerOptions = {}): JobRunner {
  const settings = {
    workers: options.workers ?? 2,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    workerId: options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`,
    leaseMs: options.leaseMs ?? 30_000,
    backoffBaseMs: options.backoffBaseMs ?? 1000,
    logger: options.logger ?? pino({ level: "silent" }),
    allowPrivateWebhooks: options.allowPrivateWebhooks ?? false,
  };
  const stopping = new AbortController();
  const wake = new WakeSignal();
  const onEnqueued = () => wake.notify();
  jobSignals.on("enqueued", onEnqueued);

  const maintenance = runLoop(stopping.signal, wake, settings.pollIntervalMs, async () => {
    await requeueExpiredLeases(database);
    await enqueueDueSchedules(database);
    return false;
  });
  const loops = Array.from({ length: settings.workers }, (_, i) =>
    runLoop(stopping.signal, wake, settings.pollIntervalMs, () =>
      claimAndRun(database, { ...settings, workerId: `${settings.workerId}/${i}` }, stopping.signal),
    ),
  );
  return {
    workerId: settings.workerId,
    async stop() {
      stopping.abort();
      wake.notify();
      jobSignals.off("enqueued", onEnqueued);
      await Promise.all([maintenance, ...loops]);
    },
  };
}

/** Calls step until stopped; after a step that found nothing, waits for a poll tick or a wake-up. */
async function runLoop(
  stopped: AbortSignal,
  wake: WakeSignal,
  pollIntervalMs: number,
  step: () => Promise<boolean>,
): Promise<void> {
  while (!stopped.aborted) {
    let busy = false;
    try {
      busy = await step();
    } catch (error) {
      if (stopped.aborted) return;
      // A lost connection or a database restart: keep polling rather than dying.
      process.emitWarning(`job runner: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!busy && !stopped.aborted) await wake.wait(pollIntervalMs);
  }
}

type WorkerSettings = {
  workerId: string;
  leaseMs: number;
  backoffBaseMs: number;
  logger: Logger;
  allowPrivateWebhooks: boolean;
};

async function claimAndRun(database: Database, settings: WorkerSettings, stopped: AbortSignal) {
  const [job] = await database.query<JobRow>(
    `update jobs set status = 'running', attempts = attempts + 1, locked_by = $1,
       locked_until = now() + make_interval(secs => $2::float8 / 1000), started_at = now()
     where id = (select id from jobs where status = 'queued' and run_at <= now()
                 order by priority desc, run_at, id limit 1 for update skip locked)
     returning *`,
    [settings.workerId, settings.leaseMs],
  );
  if (!job) return false;
  await runClaimedJob(database, job, settings, stopped);
  return true;
}

async function runClaimedJob(
  database: Database,
  job: JobRow,
  settings: WorkerSettings,
  stopped: AbortSignal,
) {
  const log = settings.logger.child({ jobId: job.id, job: job.name });
  const lease = new AbortController();
  const renew = setInterval(() => {
    renewLease(database, job.id, settings).then(
      (held) => held || lease.abort(),
      () => {},
    );
  }, settings.leaseMs / 3);
  const signal = AbortSignal.any([lease.signal, stopped]);
  try {
    const definition = findJobDefinition(job.name);
    if (!definition) throw new PermanentJobError(`No job definition named ${job.name}`);
    const result = await definition.run({
      database,
      job,
      payload: job.payload,
      merchantId: job.merchant_id,
      log,
      signal,
      allowPrivateWebhooks: settings.allowPrivateWebhooks,
      reportProgress: (progress: JobProgress) => saveProgress(database, job.id, settings.workerId, progress),
    });
    await database.query(
      `update jobs set status = 'succeeded', result = $3::jsonb, finished_at = now(), locked_by = null,
         locked_until = null, last_error = null
       where id = $1 and locked_by = $2`,
      [job.id, settings.workerId, JSON.stringify(result ?? null)],
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ err: error, attempt: job.attempts }, "job failed");
    const permanent = error instanceof PermanentJobError || job.attempts >= job.max_attempts;
    await database.query(
      `update jobs set status = $3, last_error = $4, locked_by = null, locked_until = null,
         run_at = now() + make_interval(secs => $5::float8 / 1000),
         finished_at = case when $3 = 'failed' then now() end
       where id = $1 and locked_by = $2`,
      [
        job.id,
        settings.workerId,
        permanent ? "failed" : "queued",
        message,
        retryDelayMs(job.attempts, settings),
      ],
    );
  } finally {
    clearInterval(renew);
  }
}

/** Exponential backoff with jitter, so jobs that failed together do not retry in lockstep. */
export function retryDelayMs(attempt: number, settings: { backoffBaseMs: number }): number {
  const ceiling = Math.min(settings.backoffBaseMs * 2 ** (attempt - 1), 3_600_000);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Thrown by a job for an error that retrying cannot fix (bad payload, missing file). */
export class PermanentJobError extends Error {}

async function renewLease(database: Database, id: number, settings: WorkerSettings): Promise<boolean> {
  const rows = await database.query(
    `update jobs set locked_until = now() + make_interval(secs => $3::float8 / 1000)
     where id = $1 and locked_by = $2 and status = 'running' returning id`,
    [id, settings.workerId, settings.leaseMs],
  );
  return rows.length > 0;
}

async function saveProgress(database: Database, id: number, workerId: string, progress: JobProgress) {
  await database.query("update jobs set progress = $3::jsonb where id = $1 and locked_by = $2", [
    id,
    workerId,
    JSON.stringify(progress),
  ]);
}

/** Crash safety: a running job whose lease ran out goes back to the queue (or fails, out of attempts). */
export async function requeueExpiredLeases(database: Database): Promise<number> {
  const rows = await database.query(
    `update jobs set
       status = case when attempts >= max_attempts then 'failed' else 'queued' end,
       finished_at = case when attempts >= max_attempts then now() end,
       last_error = 'worker ' || coalesce(locked_by, '?') || ' stopped renewing its lease',
       locked_by = null, locked_until = null, run_at = now()
     where id in (select id from jobs where status = 'running' and locked_until < now()
                  for update skip locked)
     returning id`,
  );
  return rows.length;
}

/** A wake-up signal a loop can wait on with a timeout. */
class WakeSignal {
  #waiters = new Set<() => void>();
  notify() {
    for (const wake of [...this.#waiters]) wake();
  }
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#waiters.add(wake);
    });
  }
}
