import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/database.js";
import type { Tx } from "../db/tenant.js";

export type EnqueueInput = {
  name: string;
  merchantId?: string | null;
  payload?: Record<string, unknown>;
  runAt?: Date;
  priority?: number;
  maxAttempts?: number;
  /** A second enqueue with the same key returns the first job instead of adding one. */
  dedupeKey?: string;
};

/** Runners in this process wake on it instead of waiting for their next poll. */
export const jobSignals = new EventEmitter();
jobSignals.setMaxListeners(100);

/**
 * Adds a job, in the caller's transaction when given a Tx (so the job exists exactly when the
 * change that asked for it does). Returns the job id.
 */
export async function enqueueJob(executor: Database | Tx, input: EnqueueInput): Promise<number> {
  const db: Db = "kind" in executor && "db" in executor ? executor.db : (executor as Tx);
  const inserted = await db.execute(sql`
    insert into jobs (merchant_id, name, payload, run_at, priority, max_attempts, dedupe_key)
    values (${input.merchantId ?? null}, ${input.name}, ${JSON.stringify(input.payload ?? {})}::jsonb,
      ${(input.runAt ?? new Date()).toISOString()}::timestamptz, ${input.priority ?? 0},
      ${input.maxAttempts ?? 5}, ${input.dedupeKey ?? null})
    on conflict (dedupe_key) do nothing
    returning id`);
  let id = rowsOf<{ id: number }>(inserted)[0]?.id;
  if (id === undefined) {
    const existing = await db.execute(sql`select id from jobs where dedupe_key = ${input.dedupeKey ?? null}`);
    id = rowsOf<{ id: number }>(existing)[0]?.id;
  }
  if (id === undefined) throw new Error(`Could not enqueue job ${input.name}`);
  setImmediate(() => jobSignals.emit("enqueued"));
  return Number(id);
}

/** Drizzle's execute() answers { rows } on both drivers. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

/**
 * Adds many jobs of one kind in one statement, in the caller's transaction; duplicates of a
 * dedupe key are skipped. For fan-out (one webhook call per message) where each job retries alone.
 */
export async function enqueueJobs(
  tx: Tx,
  name: string,
  jobs: readonly { merchantId: string | null; payload: Record<string, unknown>; dedupeKey?: string }[],
  options: { maxAttempts?: number; runAt?: Date } = {},
): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((j) => ({ m: j.merchantId, p: j.payload, k: j.dedupeKey ?? null }));
  await tx.execute(sql`
    insert into jobs (merchant_id, name, payload, run_at, max_attempts, dedupe_key)
    select r.m, ${name}, r.p, ${(options.runAt ?? new Date()).toISOString()}::timestamptz,
           ${options.maxAttempts ?? 5}, r.k
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(m uuid, p jsonb, k text)
    on conflict (dedupe_key) do nothing`);
  setImmediate(() => jobSignals.emit("enqueued"));
}
