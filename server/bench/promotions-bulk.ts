// `npm run bench -- promotions-bulk`: the coupons' bulk work on PostgreSQL (issue 5's figures).
// - Bulk issue: a template to a segment of BENCH_CUSTOMERS (1,000,000) customers through runBulkIssue
//   (set-based chunks of 25,000 under the template lock, per-customer limit checked, codes drawn in SQL).
// - Code batch: BENCH_CODES (1,000,000) unassigned codes through generateBatchCodes (chunks of 50,000).
// - Bare: the same number of rows inserted into a copy of the coupons table (same indexes, no RLS, no
//   checks of limits, audience or stock) in the same chunks with the same code expression: the floor
//   this machine sets, to read the two figures against (the bench machine is often shared).
// Then the invariants: one coupon per customer, issued counters equal the rows, every code distinct.
// Goal: each under 60 s. Setup (customers, segment) is timed apart. Prints one JSON line.
import os from "node:os";
import { sql } from "drizzle-orm";
import { detectAppRole, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { runBulkIssue, startBulkIssue } from "../src/modules/promotions/coupons/bulk-issue.js";
import { generateBatchCodes, startCodeBatch } from "../src/modules/promotions/coupons/code-batches.js";
import { couponCodeSql } from "../src/modules/promotions/coupons/coupon-codes.js";
import { createTemplate } from "../src/modules/promotions/coupons/templates.js";
import { CouponRuleSchema } from "../src/modules/promotions/engine/coupon-rule.js";
import { benchPostgres } from "./bench-postgres.js";

const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const codes = Number(process.env.BENCH_CODES ?? 1_000_000);
const actor = { kind: "system", name: "bench" } as const;
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

const postgres = await benchPostgres("quanzi_bench_coupons");
if (!postgres) throw new Error("no PostgreSQL");
const database = await openDatabase({ databaseUrl: postgres.url, poolSize: 4 });
try {
  await migrate(database);
  await detectAppRole(database);
  const { merchant } = await createMerchant(database, {
    name: "Bench",
    slug: `bench-${Date.now()}`,
    owner: { email: `bench-${Date.now()}@example.com`, password: "correct horse battery", name: "Owner" },
  });
  const merchantId = merchant.id;
  let started = performance.now();
  const segmentId = await withSystem(database, async (tx) => {
    await tx.execute(sql`insert into customers (merchant_id, name)
      select ${merchantId}, 'c' || g from generate_series(1, ${customers}::int) g`);
    const [segment] = rowsOf<{ id: string }>(
      await tx.execute(
        sql`insert into segments (merchant_id, name, rule) values (${merchantId}, 'all', '{"all":[]}') returning id`,
      ),
    );
    await tx.execute(sql`insert into segment_members (merchant_id, segment_id, customer_id, entered_at)
      select ${merchantId}, ${segment?.id}, id, now() from customers where merchant_id = ${merchantId}`);
    await tx.execute(sql`analyze customers`);
    await tx.execute(sql`analyze segment_members`);
    return segment?.id as string;
  });
  const setupSeconds = seconds(started);
  const rule = CouponRuleSchema.parse({ kind: "threshold", tiers: [{ minSpend: 10000, amountOff: 1000 }] });
  const validity = { type: "days_after_issue" as const, days: 30 };
  const { issueTemplate, batchTemplate, run, batch } = await withMerchant(
    database,
    merchantId,
    async (tx) => {
      const issueTemplate = await createTemplate(tx, merchantId, {
        name: "bulk",
        rule,
        validity,
        perCustomerLimit: 1,
      });
      const batchTemplate = await createTemplate(tx, merchantId, {
        name: "codes",
        rule,
        validity,
        stock: codes,
      });
      const { run } = await startBulkIssue(
        tx,
        merchantId,
        { templateId: issueTemplate.id, segmentId, quantity: 1, idempotencyKey: "bench-bulk" },
        actor,
      );
      const { batch } = await startCodeBatch(
        tx,
        merchantId,
        { templateId: batchTemplate.id, name: "bench", quantity: codes, idempotencyKey: "bench-codes" },
        actor,
        new Date(),
      );
      return { issueTemplate, batchTemplate, run, batch };
    },
  );
  started = performance.now();
  const issued = await runBulkIssue(database, merchantId, run.id);
  const bulkSeconds = seconds(started);
  started = performance.now();
  const generated = await generateBatchCodes(database, merchantId, batch.id);
  const codesSeconds = seconds(started);
  started = performance.now();
  await withSystem(database, async (tx) => {
    await tx.execute(
      sql`create table bench_bare (like coupons including defaults including indexes including constraints)`,
    );
  });
  for (let from = 1; from <= codes; from += 50_000) {
    const to = Math.min(codes, from + 49_999);
    await withSystem(database, (tx) =>
      tx.execute(sql`insert into bench_bare (merchant_id, template_id, code, valid_from, valid_until, source, issue_key, issue_seq)
        select ${merchantId}::uuid, ${batchTemplate.id}::uuid, ${couponCodeSql(sql`d.b`)}, now(), now() + interval '30 days',
          'bare', 'bare', d.seq
        from (select g as seq, uuid_send(gen_random_uuid()) as b from generate_series(${from}::int, ${to}::int) g) d
        on conflict do nothing`),
    );
  }
  const bareSeconds = seconds(started);
  const [check] = await withSystem(database, async (tx) =>
    rowsOf<Record<string, number>>(
      await tx.execute(sql`select
        (select count(*)::int from coupons where template_id = ${issueTemplate.id}) as bulk_rows,
        (select count(*)::int from (select customer_id from coupons where template_id = ${issueTemplate.id}
           group by customer_id having count(*) > 1) d) as customers_with_two,
        (select issued_count from coupon_templates where id = ${issueTemplate.id}) as bulk_counter,
        (select count(*)::int from coupons where template_id = ${batchTemplate.id}) as code_rows,
        (select issued_count from coupon_templates where id = ${batchTemplate.id}) as code_counter,
        (select count(*)::int - count(distinct code)::int from coupons where merchant_id = ${merchantId}) as duplicate_codes`),
    ),
  );
  console.log(
    JSON.stringify({
      bench: "promotions-bulk",
      database: "postgres",
      cpus: os.cpus().length,
      customers,
      codes,
      setupSeconds,
      bulkIssue: {
        seconds: bulkSeconds,
        status: issued.status,
        issued: issued.issued,
        perSecond: Math.round(issued.issued / bulkSeconds),
      },
      codeBatch: {
        seconds: codesSeconds,
        status: generated.status,
        generated: generated.generated,
        perSecond: Math.round(generated.generated / codesSeconds),
      },
      bareInsert: { seconds: bareSeconds, rows: codes, perSecond: Math.round(codes / bareSeconds) },
      invariants: check,
    }),
  );
} finally {
  await database.close();
  postgres.stop();
}
