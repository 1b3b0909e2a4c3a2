// `npm run bench -- promotions-redeem-floor`: the database's own ceiling for a redeem, without Node or
// Quanzi. pgbench (20 clients, prepared) runs, on one PostgreSQL, the bare `begin; update one row;
// commit` loop that promotions-checkout compares against, and then the rows a redeem writes as plain
// SQL: the coupon read FOR UPDATE, then one statement inserting the redemption (10-line jsonb), its
// coupon row, 10 line shares, consuming the coupon and inserting the event. Two lighter variants say
// what the shares and the event cost. One JSON line; the ratios bound what any redeem can reach here.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { benchPostgres } from "./bench-postgres.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const clients = Number(process.env.BENCH_CLIENTS ?? 20);
const coupons = 300_000;
const customerId = "00000000-0000-4000-8000-000000000001";
const templateId = "00000000-0000-4000-8000-0000000000aa";

function findPgbench(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  for (const version of fs.readdirSync(root).sort().reverse()) {
    const candidate = path.join(root, version, "bin/pgbench");
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

async function seed(url: string): Promise<string> {
  const database = await openDatabase({ databaseUrl: url });
  await migrate(database);
  const { merchant } = await createMerchant(database, {
    name: "Floor",
    slug: `floor-${Date.now()}`,
    owner: { email: `floor-${Date.now()}@example.com`, password: "bench password", name: "Floor" },
  });
  await database.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("insert into customers (merchant_id, id, name) values ($1, $2, 'floor')", [
    merchant.id,
    customerId,
  ]);
  await client.query(
    `insert into coupons (merchant_id, template_id, customer_id, code, valid_from, valid_until, source, issue_key, issue_seq)
     select $1, $2, $3, 'C' || g, now() - interval '1 day', now() + interval '30 days', 'batch', 'floor', g
     from generate_series(1, ${coupons}) g`,
    [merchant.id, templateId, customerId],
  );
  await client.query("create table bench_counters (id int primary key, n bigint not null default 0)");
  await client.query("insert into bench_counters select g from generate_series(1, 1000) g");
  await client.query("vacuum analyze");
  // The seed's writes would otherwise be checkpointed in the middle of the first measured run.
  await client.query("checkpoint");
  await client.end();
  return merchant.id;
}

function redeemScript(merchantId: string, parts: { shares: boolean; event: boolean }): string {
  const lines = JSON.stringify(
    Array.from({ length: 10 }, (_, i) => ({
      lineId: `L${i}`,
      sku: `SKU-${i}`,
      category: "food",
      quantity: 2,
      unitPrice: 1990,
      amount: 3980,
      discount: 100,
      after: 3880,
    })),
  );
  const m = `'${merchantId}'`;
  return `\\set n random(1, ${coupons})
BEGIN;
SELECT id, status, template_id FROM coupons WHERE merchant_id = ${m} AND code = 'C' || :n FOR UPDATE;
WITH redemption AS (
  INSERT INTO coupon_redemptions (merchant_id, id, idempotency_key, request_hash, customer_id, order_ref,
    subtotal, discount, total, gift_value, lines, gifts, redeemed_at)
  VALUES (${m}, gen_random_uuid(), md5(random()::text), md5(random()::text), '${customerId}', 'order',
    39800, 1000, 38800, 0, '${lines}'::jsonb, '[]'::jsonb, now())
  ON CONFLICT DO NOTHING RETURNING id
), used AS (
  INSERT INTO coupon_redemption_coupons (merchant_id, redemption_id, coupon_id, template_id, code, kind,
    discount, gift_value, budget_charged)
  SELECT ${m}, redemption.id, gen_random_uuid(), '${templateId}', 'C' || :n, 'threshold', 1000, 0, 0 FROM redemption
)${
    parts.shares
      ? `, shares AS (
  INSERT INTO coupon_redemption_shares (merchant_id, redemption_id, coupon_id, line_id, amount)
  SELECT ${m}, redemption.id, '${templateId}', 'L' || g, 100 FROM redemption, generate_series(0, 9) g
)`
      : ""
  }, consumed AS (
  UPDATE coupons SET status = 'redeemed', redemption_id = (SELECT id FROM redemption), redeemed_at = now(),
    reserved_until = null
  WHERE merchant_id = ${m} AND code = 'C' || :n AND exists (SELECT 1 FROM redemption) RETURNING id
)${
    parts.event
      ? `, ev AS (
  INSERT INTO events (merchant_id, customer_id, type, properties, occurred_at, source)
  SELECT ${m}, '${customerId}', 'coupon.redeemed', '{"discount":1000}'::jsonb, now(), 'api' FROM redemption
)`
      : ""
  }
SELECT (SELECT count(*) FROM redemption), (SELECT count(*) FROM consumed);
COMMIT;
`;
}

const bareScript = `\\set id random(1, 1000)
BEGIN;
UPDATE bench_counters SET n = n + 1 WHERE id = :id;
COMMIT;
`;

function runPgbench(pgbench: string, url: string, script: string, runSeconds = seconds): number {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-floor-")), "script.sql");
  fs.writeFileSync(file, script);
  const out = execFileSync(
    pgbench,
    ["-n", "-M", "prepared", "-c", String(clients), "-j", "2", "-T", String(runSeconds), "-f", file, url],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  return Math.round(Number(tps[1]));
}

const pgbench = findPgbench();
if (!pgbench) {
  console.error("pgbench not found (install postgresql): nothing measured");
  process.exit(1);
}
const postgres = await benchPostgres("quanzi_redeem_floor");
if (!postgres) {
  console.error("PostgreSQL not available");
  process.exit(1);
}
try {
  const merchantId = await seed(postgres.url);
  // Warm-up, not reported: the first seconds of inserting into the empty tables ran far slower
  // (0.05 of bare against 0.15–0.20 on a second pass in the same run).
  runPgbench(pgbench, postgres.url, redeemScript(merchantId, { shares: true, event: true }), 3);
  const bare = runPgbench(pgbench, postgres.url, bareScript);
  const redeem = runPgbench(pgbench, postgres.url, redeemScript(merchantId, { shares: true, event: true }));
  const noShares = runPgbench(
    pgbench,
    postgres.url,
    redeemScript(merchantId, { shares: false, event: true }),
  );
  const bareOnly = runPgbench(
    pgbench,
    postgres.url,
    redeemScript(merchantId, { shares: false, event: false }),
  );
  const ratio = (n: number) => Number((n / bare).toFixed(3));
  console.log(
    JSON.stringify({
      bench: "promotions-redeem-floor",
      database: "postgres",
      clients,
      seconds,
      bareUpdatesPerSecond: bare,
      redeemWritesPerSecond: redeem,
      redeemWritesRatio: ratio(redeem),
      withoutSharesPerSecond: noShares,
      withoutSharesRatio: ratio(noShares),
      withoutSharesAndEventPerSecond: bareOnly,
      withoutSharesAndEventRatio: ratio(bareOnly),
      loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
      at: new Date().toISOString(),
    }),
  );
} finally {
  postgres.stop();
}
