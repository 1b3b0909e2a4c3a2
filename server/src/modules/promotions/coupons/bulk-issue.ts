import { randomUUID } from "node:crypto";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { enqueueJob, rowsOf } from "../../../jobs/enqueue-job.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { type Actor, describeActor } from "../../audit/record-audit.js";
import { inAudienceSql } from "./audience.js";
import { couponCodeSql } from "./coupon-codes.js";
import type { BulkIssue } from "./schemas.js";
import { couponBulkIssues, couponTemplates } from "./tables.js";
import { getTemplateRow, lockTemplate } from "./templates.js";
import { couponValidity } from "./validity.js";

export const bulkIssueJobName = "coupons.bulk_issue";

type BulkRow = typeof couponBulkIssues.$inferSelect;

export const bulkIssueOf = (row: BulkRow): BulkIssue => ({
  id: row.id,
  templateId: row.templateId,
  segmentId: row.segmentId,
  quantity: row.quantity,
  status: row.status,
  total: row.total,
  processed: row.processed,
  issued: row.issued,
  skipped: row.skipped,
  stopReason: row.stopReason,
  jobId: row.jobId === null ? null : String(row.jobId),
  lastError: row.lastError,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
});

export type BulkIssueInput = {
  templateId: string;
  segmentId: string;
  quantity: number;
  idempotencyKey: string;
};

/**
 * Queues an issue of a template to every member of a segment, as a job. The job's dedupe key
 * carries the client's Idempotency-Key, so the same request again returns the first run; another
 * template, segment or quantity under it is idempotency_conflict.
 */
export async function startBulkIssue(
  tx: Tx,
  merchantId: string,
  input: BulkIssueInput,
  actor: Actor,
): Promise<{ run: BulkIssue; created: boolean }> {
  const id = randomUUID();
  const jobId = await enqueueJob(tx, {
    name: bulkIssueJobName,
    merchantId,
    payload: { bulkIssueId: id },
    dedupeKey: `coupons.bulk_issue:${merchantId}:${input.idempotencyKey}`,
    maxAttempts: 5,
  });
  const [existing] = await tx
    .select()
    .from(couponBulkIssues)
    .where(and(eq(couponBulkIssues.merchantId, merchantId), eq(couponBulkIssues.jobId, jobId)));
  if (existing) {
    const same =
      existing.templateId === input.templateId &&
      existing.segmentId === input.segmentId &&
      existing.quantity === input.quantity;
    if (!same) throw new AppError("idempotency_conflict", "This Idempotency-Key started another bulk issue");
    return { run: bulkIssueOf(existing), created: false };
  }
  await getTemplateRow(tx, merchantId, input.templateId);
  const [segment] = rowsOf<{ id: string }>(
    await tx.execute(
      sql`select id from segments where merchant_id = ${merchantId} and id = ${input.segmentId}`,
    ),
  );
  if (!segment) {
    throw new AppError("validation_failed", "Invalid request: body.segmentId: no such segment", {
      issues: [{ path: "body.segmentId", message: "no such segment in this shop" }],
    });
  }
  const [row] = await tx
    .insert(couponBulkIssues)
    .values({
      merchantId,
      id,
      templateId: input.templateId,
      segmentId: input.segmentId,
      quantity: input.quantity,
      jobId,
      ...describeActor(actor),
    })
    .returning();
  if (!row) throw new Error("insert returned nothing");
  return { run: bulkIssueOf(row), created: true };
}

export async function getBulkIssue(tx: Tx, merchantId: string, id: string): Promise<BulkIssue> {
  const [row] = await tx
    .select()
    .from(couponBulkIssues)
    .where(and(eq(couponBulkIssues.merchantId, merchantId), eq(couponBulkIssues.id, id)));
  if (!row) throw notFound("Bulk issue");
  return bulkIssueOf(row);
}

export async function listBulkIssues(tx: Tx, merchantId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select()
    .from(couponBulkIssues)
    .where(
      and(
        eq(couponBulkIssues.merchantId, merchantId),
        after
          ? or(
              lt(couponBulkIssues.createdAt, new Date(after.at)),
              and(eq(couponBulkIssues.createdAt, new Date(after.at)), lt(couponBulkIssues.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(couponBulkIssues.createdAt), desc(couponBulkIssues.id))
    .limit(page.limit + 1);
  const paged = toPage(rows, page.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
  return { data: paged.data.map(bulkIssueOf), nextCursor: paged.nextCursor };
}

export type BulkIssueOptions = {
  /** Segment members per statement (and per transaction). */
  chunkSize?: number;
  onProgress?: (progress: { done: number; total: number | null }) => Promise<void>;
  /** Tests: fail after this many committed chunks, as a crash would. */
  failAfterChunks?: number;
  now?: () => Date;
};

type ChunkResult = {
  members: number;
  last: string | null;
  candidates: number;
  eligible: number;
  inserted: number;
};

/**
 * Runs (or resumes) a bulk issue: the segment's members in customer-id order, one set-based
 * statement and one transaction per chunk. Each chunk, under the template's row lock, picks the
 * members still in the audience and under the per-customer limit, as many as the stock covers,
 * draws their codes in SQL and inserts their coupons keyed segment-issue:<run>:<customer>; the
 * counters and the cursor commit with the coupons, so a run that dies resumes after the last
 * committed chunk, and the keys make even a repeated chunk issue nothing twice.
 */
export async function runBulkIssue(
  database: Database,
  merchantId: string,
  id: string,
  options: BulkIssueOptions = {},
): Promise<BulkIssue> {
  const chunkSize = options.chunkSize ?? 25_000;
  const now = options.now ?? (() => new Date());
  let run = await withMerchant(database, merchantId, (tx) => startRunning(tx, merchantId, id, now()));
  let chunks = 0;
  while (run.status === "running") {
    run = await withMerchant(database, merchantId, (tx) => issueChunk(tx, merchantId, run, chunkSize, now()));
    chunks += 1;
    await options.onProgress?.({ done: run.processed, total: run.total });
    if (
      options.failAfterChunks !== undefined &&
      chunks >= options.failAfterChunks &&
      run.status === "running"
    ) {
      throw new Error("simulated failure");
    }
  }
  return bulkIssueOf(run);
}

async function startRunning(tx: Tx, merchantId: string, id: string, now: Date): Promise<BulkRow> {
  const [row] = await tx
    .select()
    .from(couponBulkIssues)
    .where(and(eq(couponBulkIssues.merchantId, merchantId), eq(couponBulkIssues.id, id)))
    .for("update");
  if (!row) throw notFound("Bulk issue");
  if (row.status !== "queued" && row.status !== "running" && row.status !== "failed") return row;
  const [count] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from segment_members
      where merchant_id = ${merchantId} and segment_id = ${row.segmentId}`),
  );
  const [updated] = await tx
    .update(couponBulkIssues)
    .set({
      status: "running",
      startedAt: row.startedAt ?? now,
      total: row.total ?? count?.n ?? 0,
      lastError: null,
    })
    .where(and(eq(couponBulkIssues.merchantId, merchantId), eq(couponBulkIssues.id, id)))
    .returning();
  if (!updated) throw notFound("Bulk issue");
  return updated;
}

async function issueChunk(
  tx: Tx,
  merchantId: string,
  run: BulkRow,
  chunkSize: number,
  now: Date,
): Promise<BulkRow> {
  const locked = await lockTemplate(tx, merchantId, run.templateId);
  if (!locked) throw notFound("Coupon template");
  const { template, timeZone } = locked;
  const stopped = (stopReason: string) => finish(tx, merchantId, run, { status: "stopped", stopReason }, now);
  if (template.status !== "active") return stopped(`template_${template.status}`);
  if (template.validUntil && now >= template.validUntil) return stopped("template_ended");
  const remaining = template.stock === null ? null : template.stock - template.issuedCount;
  const customers = remaining === null ? null : Math.floor(remaining / run.quantity);
  const validity = couponValidity(template, now, timeZone);
  const result = await insertChunk(tx, merchantId, run, template, { chunkSize, customers, validity, now });
  if (result.inserted !== result.eligible * run.quantity) {
    // A drawn code clashed with an existing one: roll this chunk back and let the job retry it.
    throw new Error("a coupon code clashed; the chunk is retried");
  }
  await tx
    .update(couponTemplates)
    .set({ issuedCount: sql`${couponTemplates.issuedCount} + ${result.inserted}` })
    .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, template.id)));
  const counters = {
    processed: run.processed + result.members,
    issued: run.issued + result.inserted,
    skipped: run.skipped + (result.members - result.eligible),
    cursor: result.last ?? run.cursor,
  };
  if (result.candidates > result.eligible) {
    return finish(tx, merchantId, run, { ...counters, status: "stopped", stopReason: "out_of_stock" }, now);
  }
  if (result.members < chunkSize)
    return finish(tx, merchantId, run, { ...counters, status: "succeeded" }, now);
  const [row] = await tx
    .update(couponBulkIssues)
    .set(counters)
    .where(and(eq(couponBulkIssues.merchantId, merchantId), eq(couponBulkIssues.id, run.id)))
    .returning();
  if (!row) throw notFound("Bulk issue");
  return row;
}

async function finish(
  tx: Tx,
  merchantId: string,
  run: BulkRow,
  change: Partial<typeof couponBulkIssues.$inferInsert>,
  now: Date,
): Promise<BulkRow> {
  const [row] = await tx
    .update(couponBulkIssues)
    .set({ ...change, finishedAt: now })
    .where(and(eq(couponBulkIssues.merchantId, merchantId), eq(couponBulkIssues.id, run.id)))
    .returning();
  if (!row) throw notFound("Bulk issue");
  return row;
}

type ChunkSettings = {
  chunkSize: number;
  /** How many customers the stock still covers; null = unlimited. */
  customers: number | null;
  validity: { validFrom: Date; validUntil: Date };
  now: Date;
};

/**
 * The chunk as one statement: members → candidates (audience, per-customer limit) → eligible
 * (stock) → coupons with codes drawn in SQL. The coupons the chunk's customers already hold are
 * read once over the chunk's customer-id range (one index range scan), not once per customer: on
 * a fresh table without statistics the planner would scan the whole table per customer. The
 * cursor makes a committed chunk never run again; ON CONFLICT on the issue key is the second wall.
 */
async function insertChunk(
  tx: Tx,
  merchantId: string,
  run: BulkRow,
  template: { id: string; perCustomerLimit: number | null; audience: Parameters<typeof inAudienceSql>[2] },
  settings: ChunkSettings,
): Promise<ChunkResult> {
  const keyPrefix = `segment-issue:${run.id}:`;
  const after = run.cursor ? sql`and customer_id > ${run.cursor}::uuid` : sql``;
  const limit = template.perCustomerLimit;
  const held =
    limit === null
      ? sql`select null::uuid as customer_id, 0 as n where false`
      : sql`select x.customer_id, count(*)::int as n from coupons x
          where x.merchant_id = ${merchantId} and x.template_id = ${template.id} and x.status <> 'void'
            and x.customer_id >= (select customer_id from members order by customer_id limit 1)
            and x.customer_id <= (select customer_id from members order by customer_id desc limit 1)
          group by x.customer_id`;
  const [row] = rowsOf<ChunkResult>(
    await tx.execute(sql`with members as (
        select customer_id from segment_members
        where merchant_id = ${merchantId} and segment_id = ${run.segmentId} ${after}
        order by customer_id limit ${settings.chunkSize}
      ), held as (${held}
      ), candidates as (
        select m.customer_id from members m left join held h on h.customer_id = m.customer_id
        where ${inAudienceSql(merchantId, sql`m.customer_id`, template.audience)}
          ${limit === null ? sql`` : sql`and coalesce(h.n, 0) + ${run.quantity} <= ${limit}`}
      ), eligible as (
        select customer_id from candidates order by customer_id
        ${settings.customers === null ? sql`` : sql`limit ${Math.max(0, settings.customers)}`}
      ), drawn as (
        select e.customer_id, s.seq, uuid_send(gen_random_uuid()) as b
        from eligible e cross join generate_series(1, ${run.quantity}::int) s(seq)
      ), inserted as (
        insert into coupons (merchant_id, template_id, customer_id, code, valid_from, valid_until, issued_at,
          source, issue_key, issue_seq)
        select ${merchantId}::uuid, ${template.id}::uuid, d.customer_id, ${couponCodeSql(sql`d.b`)},
          ${settings.validity.validFrom.toISOString()}::timestamptz, ${settings.validity.validUntil.toISOString()}::timestamptz,
          ${settings.now.toISOString()}::timestamptz, 'segment', ${keyPrefix} || d.customer_id::text, d.seq
        from drawn d
        on conflict do nothing
        returning 1
      )
      select (select count(*)::int from members) as members,
        (select max(customer_id::text) from members) as last,
        (select count(*)::int from candidates) as candidates,
        (select count(*)::int from eligible) as eligible,
        (select count(*)::int from inserted) as inserted`),
  );
  if (!row) throw new Error("the chunk statement returned nothing");
  return row;
}

/** Marks a run whose job gave up, so the console shows why; a later retry resumes from its cursor. */
export async function markBulkIssueFailed(database: Database, merchantId: string, id: string, error: string) {
  await withMerchant(database, merchantId, (tx) =>
    tx
      .update(couponBulkIssues)
      .set({ status: "failed", lastError: error.slice(0, 500) })
      .where(and(eq(couponBulkIssues.merchantId, merchantId), eq(couponBulkIssues.id, id))),
  );
}
