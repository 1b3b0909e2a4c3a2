import { sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { nextCronRun, parseCron } from "../lib/cron.js";
import { enqueueJob, rowsOf } from "./enqueue-job.js";

export type ScheduleInput = {
  name: string;
  /** 5-field cron: minute hour day-of-month month day-of-week. */
  cron: string;
  /** The job to enqueue; defaults to the schedule's name. */
  jobName?: string;
  timeZone?: string;
  payload?: Record<string, unknown>;
};

/** Creates or changes a schedule; its next run is computed from now. */
export async function upsertSchedule(
  database: Database,
  input: ScheduleInput,
  now = new Date(),
): Promise<Date> {
  const next = nextCronRun(parseCron(input.cron), now, input.timeZone ?? "UTC");
  await database.query(
    `insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
     values ($1, $2, $3, $4, $5::jsonb, $6)
     on conflict (name) do update set cron = excluded.cron, job_name = excluded.job_name,
       time_zone = excluded.time_zone, payload = excluded.payload, next_run_at = excluded.next_run_at,
       updated_at = now()`,
    [
      input.name,
      input.cron,
      input.jobName ?? input.name,
      input.timeZone ?? "UTC",
      JSON.stringify(input.payload ?? {}),
      next.toISOString(),
    ],
  );
  return next;
}

type ScheduleRow = {
  name: string;
  cron: string;
  job_name: string | null;
  time_zone: string;
  payload: Record<string, unknown>;
  next_run_at: Date | string;
};

/**
 * Enqueues every schedule that is due. The job's dedupe key is the schedule name plus the run
 * time, so two runners polling at once (or one that crashed after enqueueing) add each run once.
 * Missed runs while nothing polled collapse into one.
 */
export async function enqueueDueSchedules(database: Database): Promise<number> {
  return database.db.transaction(async (tx) => {
    const due = rowsOf<ScheduleRow>(
      await tx.execute(sql`select name, cron, job_name, time_zone, payload, next_run_at from job_schedules
        where next_run_at <= now() for update skip locked`),
    );
    for (const schedule of due) {
      const runAt = new Date(schedule.next_run_at);
      await enqueueJob(tx as never, {
        name: schedule.job_name ?? schedule.name,
        payload: { ...schedule.payload, scheduledFor: runAt.toISOString() },
        runAt,
        dedupeKey: `schedule:${schedule.name}:${runAt.toISOString()}`,
      });
      const after = new Date(Math.max(Date.now(), runAt.getTime()));
      const next = nextCronRun(parseCron(schedule.cron), after, schedule.time_zone);
      await tx.execute(sql`update job_schedules set last_run_at = ${runAt.toISOString()}::timestamptz,
        next_run_at = ${next.toISOString()}::timestamptz, updated_at = now() where name = ${schedule.name}`);
    }
    return due.length;
  });
}
