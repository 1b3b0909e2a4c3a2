import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { readAsMerchant, type Tx, withMerchant } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { enqueueJob, rowsOf } from "../../../jobs/enqueue-job.js";
import { type Actor, describeActor } from "../../audit/record-audit.js";
import { couponCodeSql, formatCouponCode } from "./coupon-codes.js";
import { refuse } from "./issue-coupons.js";
import type { Batch } from "./schemas.js";
import { couponBatches, couponTemplates } from "./tables.js";
import { lockTemplate } from "./templates.js";
import { couponValidity } from "./validity.js";

export const codeBatchJobName = "coupons.generate_codes";

type BatchRow = typeof couponBatches.$inferSelect;

export const batchOf = (row: BatchRow): Batch => ({
  id: row.id,
  templateId: row.templateId,
  name: row.name,
  quantity: row.quantity,
  generated: row.generated,
  status: row.status,
  jobId: row.jobId === null ? null : String(row.jobId),
  lastError: row.lastError,
  createdAt: row.createdAt,
  finishedAt: row.finishedAt,
});

const batchKey = (batchId: string) => `batch:${batchId}`;

export type BatchInput = { templateId: string; name: string; quantity: number; idempotencyKey: string };

/**
 * Creates a batch of unassigned codes and queues their generation. The stock is taken for the
 * whole batch at once, under the template lock, so a batch never fails halfway for want of stock
 * and claims racing it see the stock already gone. The job's dedupe key carries the client's
 * Idempotency-Key: the same request again returns the first batch.
 */
export async function startCodeBatch(
  tx: Tx,
  merchantId: string,
  input: BatchInput,
  actor: Actor,
  now: Date,
): Promise<{ batch: Batch; created: boolean }> {
  const id = randomUUID();
  const jobId = await enqueueJob(tx, {
    name: codeBatchJobName,
    merchantId,
    payload: { batchId: id },
    dedupeKey: `coupons.generate_codes:${merchantId}:${input.idempotencyKey}`,
  });
  const [existing] = await tx
    .select()
    .from(couponBatches)
    .where(and(eq(couponBatches.merchantId, merchantId), eq(couponBatches.jobId, jobId)));
  if (existing) {
    if (existing.templateId !== input.templateId || existing.quantity !== input.quantity) {
      throw new AppError("idempotency_conflict", "This Idempotency-Key created another code batch");
    }
    return { batch: batchOf(existing), created: false };
  }
  const locked = await lockTemplate(tx, merchantId, input.templateId);
  if (!locked) {
    throw new AppError("validation_failed", "Invalid request: body.templateId: no such coupon template", {
      issues: [{ path: "body.templateId", message: "no such coupon template in this shop" }],
    });
  }
  const { template } = locked;
  if (template.status !== "active") throw refuse(template.status === "paused" ? "paused" : "ended");
  if (template.validUntil && now >= template.validUntil) throw refuse("ended");
  if (template.stock !== null && template.issuedCount + input.quantity > template.stock) {
    throw refuse("out_of_stock", { remaining: Math.max(0, template.stock - template.issuedCount) });
  }
  await tx
    .update(couponTemplates)
    .set({ issuedCount: sql`${couponTemplates.issuedCount} + ${input.quantity}` })
    .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, template.id)));
  const [row] = await tx
    .insert(couponBatches)
    .values({
      merchantId,
      id,
      templateId: template.id,
      name: input.name,
      quantity: input.quantity,
      jobId,
      createdAt: now,
      ...describeActor(actor),
    })
    .returning();
  if (!row) throw new Error("insert returned nothing");
  return { batch: batchOf(row), created: true };
}

export async function getBatch(tx: Tx, merchantId: string, id: string): Promise<Batch> {
  const [row] = await tx
    .select()
    .from(couponBatches)
    .where(and(eq(couponBatches.merchantId, merchantId), eq(couponBatches.id, id)));
  if (!row) throw notFound("Code batch");
  return batchOf(row);
}

export async function listBatches(tx: Tx, merchantId: string, templateId?: string): Promise<Batch[]> {
  const rows = await tx
    .select()
    .from(couponBatches)
    .where(
      and(
        eq(couponBatches.merchantId, merchantId),
        templateId ? eq(couponBatches.templateId, templateId) : undefined,
      ),
    )
    .orderBy(desc(couponBatches.createdAt), desc(couponBatches.id))
    .limit(500);
  return rows.map(batchOf);
}

/**
 * Generates a batch's codes inside PostgreSQL: numbers generated+1 … in chunks, each one
 * statement that draws the codes (uuid randomness, see couponCodeSql) and inserts them under key
 * batch:<id>; a number whose code clashed is drawn again at once. The count commits with each
 * chunk, so a crashed run resumes where it stopped.
 */
export async function generateBatchCodes(
  database: Database,
  merchantId: string,
  batchId: string,
  options: { chunkSize?: number; onProgress?: (p: { done: number; total: number }) => Promise<void> } = {},
): Promise<Batch> {
  const chunkSize = options.chunkSize ?? 50_000;
  let batch = await withMerchant(database, merchantId, (tx) => markRunning(tx, merchantId, batchId));
  while (batch.status === "running") {
    batch = await withMerchant(database, merchantId, (tx) => generateChunk(tx, merchantId, batch, chunkSize));
    await options.onProgress?.({ done: batch.generated, total: batch.quantity });
  }
  return batchOf(batch);
}

async function markRunning(tx: Tx, merchantId: string, batchId: string): Promise<BatchRow> {
  const [row] = await tx
    .update(couponBatches)
    .set({ status: "running", lastError: null })
    .where(
      and(
        eq(couponBatches.merchantId, merchantId),
        eq(couponBatches.id, batchId),
        sql`${couponBatches.status} in ('queued', 'running', 'failed')`,
      ),
    )
    .returning();
  if (row) return row;
  const [done] = await tx
    .select()
    .from(couponBatches)
    .where(and(eq(couponBatches.merchantId, merchantId), eq(couponBatches.id, batchId)));
  if (!done) throw notFound("Code batch");
  return done;
}

async function generateChunk(
  tx: Tx,
  merchantId: string,
  batch: BatchRow,
  chunkSize: number,
): Promise<BatchRow> {
  const locked = await lockTemplate(tx, merchantId, batch.templateId);
  if (!locked) throw notFound("Coupon template");
  const validity = couponValidity(locked.template, batch.createdAt, locked.timeZone);
  const from = batch.generated + 1;
  const to = Math.min(batch.quantity, batch.generated + chunkSize);
  for (let attempt = 0; attempt < 5; attempt++) {
    const [row] = rowsOf<{ missing: number }>(
      await tx.execute(sql`with drawn as (
          select s.seq, uuid_send(gen_random_uuid()) as b from generate_series(${from}::int, ${to}::int) s(seq)
          where ${
            attempt === 0
              ? sql`true`
              : sql`not exists (select 1 from coupons x where x.merchant_id = ${merchantId}
            and x.issue_key = ${batchKey(batch.id)} and x.issue_seq = s.seq)`
          }
        ), inserted as (
          insert into coupons (merchant_id, template_id, customer_id, code, valid_from, valid_until, issued_at,
            source, issue_key, issue_seq, batch_id)
          select ${merchantId}::uuid, ${batch.templateId}::uuid, null, ${couponCodeSql(sql`d.b`)},
            ${validity.validFrom.toISOString()}::timestamptz, ${validity.validUntil.toISOString()}::timestamptz,
            ${batch.createdAt.toISOString()}::timestamptz, 'batch', ${batchKey(batch.id)}, d.seq, ${batch.id}::uuid
          from drawn d
          on conflict do nothing
          returning 1
        )
        select (select count(*)::int from drawn) - (select count(*)::int from inserted) as missing`),
    );
    if (row?.missing === 0) break;
    if (attempt === 4) throw new Error("could not draw unique codes for a chunk");
  }
  const done = to >= batch.quantity;
  const [updated] = await tx
    .update(couponBatches)
    .set({ generated: to, ...(done && { status: "ready" as const, finishedAt: new Date() }) })
    .where(and(eq(couponBatches.merchantId, merchantId), eq(couponBatches.id, batch.id)))
    .returning();
  if (!updated) throw notFound("Code batch");
  return updated;
}

export async function markBatchFailed(
  database: Database,
  merchantId: string,
  batchId: string,
  error: string,
) {
  await withMerchant(database, merchantId, (tx) =>
    tx
      .update(couponBatches)
      .set({ status: "failed", lastError: error.slice(0, 500) })
      .where(and(eq(couponBatches.merchantId, merchantId), eq(couponBatches.id, batchId))),
  );
}

const csvHeader = "number,code,code_display,valid_from,valid_until,status,customer_id\n";

/**
 * A batch's codes as CSV, streamed in pages of 10,000 along the issue-key index, so a million codes
 * never sit in memory. Codes are letters and digits only: nothing for a spreadsheet to execute.
 */
export async function exportBatchCsv(database: Database, merchantId: string, batchId: string) {
  const batch = await readAsMerchant(database, merchantId, (tx) => getBatch(tx, merchantId, batchId));
  async function* lines() {
    yield "\ufeff";
    yield csvHeader;
    let last = 0;
    for (;;) {
      const rows = await readAsMerchant(database, merchantId, async (tx) =>
        rowsOf<{
          issue_seq: number;
          code: string;
          valid_from: Date | string;
          valid_until: Date | string;
          status: string;
          customer_id: string | null;
        }>(
          await tx.execute(sql`select issue_seq, code, valid_from, valid_until, status, customer_id from coupons
            where merchant_id = ${merchantId} and issue_key = ${batchKey(batchId)} and issue_seq > ${last}
            order by issue_seq limit 10000`),
        ),
      );
      if (rows.length === 0) return;
      let chunk = "";
      for (const r of rows) {
        chunk += `${r.issue_seq},${r.code},${formatCouponCode(r.code)},${new Date(r.valid_from).toISOString()},${new Date(r.valid_until).toISOString()},${r.status},${r.customer_id ?? ""}\n`;
      }
      yield chunk;
      last = rows[rows.length - 1]?.issue_seq ?? last;
    }
  }
  return { batch, stream: Readable.from(lines()) };
}
