import { afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/db/database.js";
import { defineJob } from "../src/jobs/define-job.js";
import { enqueueJob } from "../src/jobs/enqueue-job.js";
import { getJob } from "../src/jobs/get-job.js";
import { type JobRunner, startJobRunner } from "../src/jobs/job-runner.js";
import { enqueueDueSchedules, upsertSchedule } from "../src/jobs/job-schedules.js";
import { nextCronRun, parseCron } from "../src/lib/cron.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const fast = { pollIntervalMs: 25, backoffBaseMs: 10 };

describeEachDatabase("job runner", (use, kind) => {
  const runners: JobRunner[] = [];
  const extraHandles: Database[] = [];
  const start = (database: Database, options: Parameters<typeof startJobRunner>[1] = {}) => {
    const runner = startJobRunner(database, { ...fast, ...options });
    runners.push(runner);
    return runner;
  };
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await Promise.all(extraHandles.splice(0).map((d) => d.close()));
  });

  /** A second connection pool to the same database on PostgreSQL, as a second server process has. */
  async function secondHandle(): Promise<Database> {
    const database = use();
    if (kind === "pglite") return database;
    const url = (database.pool!.options as { connectionString: string }).connectionString;
    const other = await openDatabase({ databaseUrl: url, poolSize: 5 });
    extraHandles.push(other);
    return other;
  }

  const statusOf = async (id: number) =>
    (await use().query<{ status: string }>("select status from jobs where id = $1", [id]))[0]?.status;

  it("runs each of 60 jobs exactly once with two runners on one database", async () => {
    const name = `test.count.${kind}`;
    const runs = new Map<number, string[]>();
    defineJob<{ n: number }>({
      name,
      async run({ payload, job }) {
        runs.set(payload.n, [...(runs.get(payload.n) ?? []), String(job.locked_by)]);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { n: payload.n };
      },
    });
    const ids: number[] = [];
    for (let n = 0; n < 60; n++) ids.push(await enqueueJob(use(), { name, payload: { n } }));
    start(use(), { workers: 3, workerId: "a" });
    start(await secondHandle(), { workers: 3, workerId: "b" });
    await waitFor(async () => {
      const [row] = await use().query<{ n: number }>(
        "select count(*)::int as n from jobs where name = $1 and status = 'succeeded'",
        [name],
      );
      return row!.n === 60;
    });
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    expect([...runs.values()].every((by) => by.length === 1)).toBe(true);
    const [done] = await use().query<{ result: unknown; attempts: number }>(
      "select result, attempts from jobs where id = $1",
      [ids[7]],
    );
    expect(done).toEqual({ result: { n: 7 }, attempts: 1 });
  });

  it("returns the existing job for a repeated dedupe key", async () => {
    const first = await enqueueJob(use(), { name: "test.noop", dedupeKey: `dedupe-${kind}` });
    const second = await enqueueJob(use(), { name: "test.noop", dedupeKey: `dedupe-${kind}` });
    expect(second).toBe(first);
  });

  it("retries a failing job with backoff and then succeeds", async () => {
    const name = `test.flaky.${kind}`;
    let calls = 0;
    defineJob({
      name,
      async run() {
        calls += 1;
        if (calls < 3) throw new Error(`flake ${calls}`);
        return "ok";
      },
    });
    const id = await enqueueJob(use(), { name, maxAttempts: 5 });
    start(use());
    await waitFor(async () => (await statusOf(id)) === "succeeded");
    const [row] = await use().query<{ attempts: number; result: unknown; last_error: string | null }>(
      "select attempts, result, last_error from jobs where id = $1",
      [id],
    );
    expect(row).toEqual({ attempts: 3, result: "ok", last_error: null });
  });

  it("fails a job for good after max attempts, keeping the last error", async () => {
    const name = `test.broken.${kind}`;
    let calls = 0;
    defineJob({
      name,
      async run() {
        calls += 1;
        throw new Error(`broken ${calls}`);
      },
    });
    const id = await enqueueJob(use(), { name, maxAttempts: 3 });
    start(use());
    await waitFor(async () => (await statusOf(id)) === "failed");
    const [row] = await use().query<{ attempts: number; last_error: string; finished_at: Date | null }>(
      "select attempts, last_error, finished_at from jobs where id = $1",
      [id],
    );
    expect(row!.attempts).toBe(3);
    expect(row!.last_error).toBe("broken 3");
    expect(row!.finished_at).not.toBeNull();
    expect(calls).toBe(3);
  });

  it("takes back a job whose worker crashed once its lease has expired", async () => {
    const name = `test.orphan.${kind}`;
    const ranBy: string[] = [];
    defineJob({
      name,
      async run({ job }) {
        ranBy.push(String(job.locked_by));
      },
    });
    // As a crashed process leaves it: running, locked by a worker that no longer renews the lease.
    const [orphan] = await use().query<{ id: number }>(
      `insert into jobs (name, status, attempts, locked_by, locked_until, started_at)
       values ($1, 'running', 1, 'dead-worker', now() - interval '1 second', now() - interval '1 minute')
       returning id`,
      [name],
    );
    // A live lease must not be stolen.
    const [busy] = await use().query<{ id: number }>(
      `insert into jobs (name, status, attempts, locked_by, locked_until)
       values ($1, 'running', 1, 'live-worker', now() + interval '1 hour') returning id`,
      [name],
    );
    start(use(), { workerId: "rescuer" });
    await waitFor(async () => (await statusOf(orphan!.id)) === "succeeded");
    const [row] = await use().query<{ attempts: number; locked_by: string | null }>(
      "select attempts, locked_by from jobs where id = $1",
      [orphan!.id],
    );
    expect(row).toEqual({ attempts: 2, locked_by: null });
    expect(ranBy).toEqual([expect.stringMatching(/^rescuer\//)]);
    expect(await statusOf(busy!.id)).toBe("running");
  });

  it("keeps renewing the lease of a long job so nobody else takes it", async () => {
    const name = `test.long.${kind}`;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    defineJob({
      name,
      async run() {
        runs += 1;
        await released;
      },
    });
    const id = await enqueueJob(use(), { name });
    start(use(), { leaseMs: 300, workerId: "holder" });
    start(await secondHandle(), { leaseMs: 300, workerId: "thief" });
    await waitFor(async () => (await statusOf(id)) === "running");
    const before = await use().query<{ until: Date }>(
      "select locked_until as until from jobs where id = $1",
      [id],
    );
    await waitFor(async () => {
      const [now] = await use().query<{ until: Date }>(
        "select locked_until as until from jobs where id = $1",
        [id],
      );
      return new Date(now!.until).getTime() > new Date(before[0]!.until).getTime() + 300;
    });
    release();
    await waitFor(async () => (await statusOf(id)) === "succeeded");
    expect(runs).toBe(1);
  });

  it("enqueues each scheduled run once although two runners poll it", async () => {
    const name = `test.scheduled.${kind}`;
    const ran: string[] = [];
    defineJob<{ scheduledFor: string }>({
      name,
      async run({ payload }) {
        ran.push(payload.scheduledFor);
      },
    });
    await upsertSchedule(use(), { name, cron: "*/5 * * * *", payload: { report: "daily" } });
    await use().query("update job_schedules set next_run_at = '2026-01-01T00:05:00Z' where name = $1", [
      name,
    ]);
    const other = await secondHandle();
    const enqueued = await Promise.all([enqueueDueSchedules(use()), enqueueDueSchedules(other)]);
    expect(enqueued.reduce((a, b) => a + b, 0)).toBe(1);
    start(use());
    start(other);
    await waitFor(async () => ran.length === 1 && ran);
    const jobs = await use().query<{ dedupe_key: string; payload: Record<string, unknown> }>(
      "select dedupe_key, payload from jobs where name = $1",
      [name],
    );
    expect(jobs).toEqual([
      {
        dedupe_key: `schedule:${name}:2026-01-01T00:05:00.000Z`,
        payload: { report: "daily", scheduledFor: "2026-01-01T00:05:00.000Z" },
      },
    ]);
    const [schedule] = await use().query<{ next_run_at: Date; last_run_at: Date }>(
      "select next_run_at, last_run_at from job_schedules where name = $1",
      [name],
    );
    expect(new Date(schedule!.last_run_at).toISOString()).toBe("2026-01-01T00:05:00.000Z");
    expect(new Date(schedule!.next_run_at).getTime()).toBeGreaterThan(Date.now());
  });

  it("shows a running job's progress through GET /api/v1/jobs/{id}, to its merchant only", async () => {
    const name = `test.progress.${kind}`;
    const shop = await createTestMerchant(use());
    const other = await createTestMerchant(use());
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    defineJob({
      name,
      async run({ reportProgress }) {
        await reportProgress({ done: 40, total: 100 });
        await released;
        return { imported: 100 };
      },
    });
    const id = await enqueueJob(use(), { name, merchantId: shop.merchant.id });
    start(use());
    await waitFor(async () => (await getJob(use(), shop.merchant.id, String(id))).progress?.done === 40);
    const app = await buildTestApp(use());
    try {
      const running = await app.inject({
        method: "GET",
        url: `/api/v1/jobs/${id}`,
        headers: bearer(shop.apiKey),
      });
      expect(running.statusCode).toBe(200);
      expect(running.json()).toMatchObject({
        id: String(id),
        name,
        status: "running",
        attempts: 1,
        progress: { done: 40, total: 100 },
      });
      const foreign = await app.inject({
        method: "GET",
        url: `/api/v1/jobs/${id}`,
        headers: bearer(other.apiKey),
      });
      expect(foreign.statusCode).toBe(404);
      release();
      await waitFor(async () => (await statusOf(id)) === "succeeded");
      const done = await app.inject({
        method: "GET",
        url: `/api/v1/jobs/${id}`,
        headers: bearer(shop.apiKey),
      });
      expect(done.json()).toMatchObject({ status: "succeeded", result: { imported: 100 }, lastError: null });
      expect(done.json().finishedAt).toEqual(expect.any(String));
    } finally {
      release();
      await app.close();
    }
  });
});

describe("cron", () => {
  const next = (cron: string, after: string, zone?: string) =>
    nextCronRun(parseCron(cron), new Date(after), zone).toISOString();

  it.each([
    ["*/5 * * * *", "2026-01-01T00:03:10Z", "UTC", "2026-01-01T00:05:00.000Z"],
    ["*/5 * * * *", "2026-01-01T00:05:00Z", "UTC", "2026-01-01T00:10:00.000Z"],
    ["0 9 * * *", "2026-01-01T09:00:00Z", "UTC", "2026-01-02T09:00:00.000Z"],
    ["0 9 * * *", "2026-01-01T00:00:00Z", "Asia/Shanghai", "2026-01-01T01:00:00.000Z"],
    ["30 8 * * 1-5", "2026-11-27T12:00:00Z", "UTC", "2026-11-30T08:30:00.000Z"],
    ["0 0 1 * *", "2026-02-15T00:00:00Z", "UTC", "2026-03-01T00:00:00.000Z"],
    ["0 0 29 2 *", "2026-03-01T00:00:00Z", "UTC", "2028-02-29T00:00:00.000Z"],
    ["0 12 13 * 5", "2026-11-01T00:00:00Z", "UTC", "2026-11-06T12:00:00.000Z"],
    ["0 0 * * 7", "2026-11-30T00:00:00Z", "UTC", "2026-12-06T00:00:00.000Z"],
    // 02:30 does not exist in New York on 2026-03-08: that day's run is skipped.
    ["30 2 * * *", "2026-03-07T12:00:00Z", "America/New_York", "2026-03-09T06:30:00.000Z"],
  ])("%s after %s in %s is %s", (cron, after, zone, expected) => {
    expect(next(cron, after, zone)).toBe(expected);
  });

  it.each(["* * * *", "60 * * * *", "* 24 * * *", "a * * * *", "5-1 * * * *"])("rejects %j", (cron) => {
    expect(() => parseCron(cron)).toThrow();
  });
});
