// `npm run bench -- insight`: a shop with BENCH_CUSTOMERS customers and BENCH_ORDERS orders (PostgreSQL: 1,000,000 /
// 10,000,000; PGlite: 100,000,000,000) generated in SQL with skew (a third of the customers place most orders,
// seasonality, 1–4 lines, 3% partly refunded, 1% cancelled). Times, in the same run:
// - the full insight recompute (metrics + RFM + rule tags + layers) beside a bare GROUP BY customer over the orders;
// - the live count of a five-condition rule on every customer;
// - order-create latency (the service, one order per call) with the inline insight refresh on and off.
// BENCH_DATABASE=postgres|pglite runs one; BENCH_DATABASE_URL / TEST_DATABASE_URL points at a PostgreSQL server
// (a throwaway cluster is started otherwise). Prints one JSON line per database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, detectAppRole, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant } from "../src/db/tenant.js";
import { previewRule } from "../src/modules/insight/conditions/preview-rule.js";
import type { RuleNode } from "../src/modules/insight/conditions/rule-types.js";
import { recomputeAllInsight, setInlineInsight } from "../src/modules/insight/refresh-insight.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { createOrder } from "../src/modules/orders/create-order.js";
import { createSegment } from "../src/modules/segments/segment-definitions.js";
import { createTag } from "../src/modules/tags/tag-definitions.js";

const repoDir = path.resolve(new URL("..", import.meta.url).pathname, "..");
const categories = ["水果", "蔬菜", "肉禽", "水产", "乳品", "粮油", "零食", "酒饮"];

/** Statements generating the shop's data; `:m` is the merchant id (a checked UUID), sizes are integers. */
function generationSql(merchantId: string, customers: number, orders: number): string[] {
  const m = `'${merchantId}'::uuid`;
  const lines = "1 + abs(hashtext(o.j::text)) % 4";
  const price = "(300 + abs(hashtext(o.j || ':' || l)) % 9700)";
  const quantity = "(1 + abs(hashtext(l || ':' || o.j)) % 3)";
  return [
    "select setseed(0.20261130)",
    `insert into stores (merchant_id, id, code, name)
       select ${m}, md5('store' || s)::uuid, 'S' || s, '门店' || s from generate_series(1, 5) s`,
    `insert into customers (merchant_id, id, name, phone, gender, birthday, province, created_at, joined_at)
       select ${m}, md5('c' || i)::uuid, '客户' || i, '13' || lpad(i::text, 9, '0'),
              (array['male', 'female', 'female', 'unknown'])[1 + floor(random() * 4)::int],
              case when random() < 0.8 then date '1960-01-01' + floor(random() * 16000)::int end,
              (array['浙江', '上海', '江苏', '广东', '北京', '四川'])[1 + floor(random() * 6)::int],
              now() - make_interval(days => floor(random() * 730)::int),
              now() - make_interval(days => floor(random() * 730)::int)
         from generate_series(1, ${customers}) i`,
    // The first 30% of customers are regulars: 60% of orders go to them.
    `create temporary table bench_orders as
       select j, md5('o' || j)::uuid as id,
              md5('c' || (1 + floor(random() * case when random() < 0.6 then ${customers} * 0.3 else ${customers} end))::bigint)::uuid
                as customer_id,
              md5('store' || (1 + floor(random() * 5)::int))::uuid as store_id,
              now() - make_interval(secs => floor(power(random(), 1.3) * 365 * 86400)::int) as placed_at,
              random() as fate
         from generate_series(1, ${orders}) j`,
    `insert into orders (merchant_id, id, external_id, customer_id, store_id, placed_at, status, subtotal, total,
                         refunded_amount, item_count, source)
       select ${m}, o.id, 'B' || o.j, o.customer_id, o.store_id, o.placed_at,
              case when o.fate < 0.01 then 'cancelled' when o.fate < 0.04 then
                case when ${lines} = 1 then 'refunded' else 'partially_refunded' end else 'completed' end,
              t.amount, t.amount,
              case when o.fate >= 0.01 and o.fate < 0.04 then t.first_line else 0 end,
              t.items, 'import'
         from bench_orders o,
              lateral (select sum(${price} * ${quantity})::bigint as amount, sum(${quantity})::int as items,
                              (array_agg(${price} * ${quantity} order by l))[1]::bigint as first_line
                         from generate_series(1, ${lines}) l) t`,
    `insert into order_items (merchant_id, order_id, line_no, sku, name, category, quantity, unit_price, total,
                              refunded_quantity, refunded_amount)
       select ${m}, o.id, l, 'SKU' || (abs(hashtext(o.j || '#' || l)) % 400),
              '商品' || (abs(hashtext(o.j || '#' || l)) % 400),
              (array[${categories.map((c) => `'${c}'`).join(", ")}])[1 + abs(hashtext(o.j || '#' || l)) % 400 % ${categories.length}],
              ${quantity}, ${price}, ${price} * ${quantity},
              case when l = 1 and o.fate >= 0.01 and o.fate < 0.04 then ${quantity} else 0 end,
              case when l = 1 and o.fate >= 0.01 and o.fate < 0.04 then ${price} * ${quantity} else 0 end
         from bench_orders o, generate_series(1, ${lines}) l`,
    "drop table bench_orders",
    "analyze",
  ];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { seconds: Math.round(performance.now() - started) / 1000, value };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

/** Five conditions of different kinds: profile, metrics, RFM, behaviour in a window. */
const fiveConditions: RuleNode = {
  all: [
    { field: "profile.gender", op: "in", value: ["female"] },
    { field: "metrics.orderCount", op: "gte", value: 3 },
    { field: "metrics.averageOrderValue", op: "gte", value: 5000 },
    { field: "metrics.daysSinceLastOrder", op: "lte", value: 90 },
    { purchased: { category: "水果" }, count: { op: "gte", value: 2 }, within: { days: 180 } },
  ],
};

/** Three rule tags and two segments, so the full and incremental paths have rules to run. */
async function rulesToKeep(database: Database, merchantId: string) {
  const rules: [string, RuleNode][] = [
    ["高客单", { field: "metrics.averageOrderValue", op: "gte", value: 15000 }],
    ["沉睡", { field: "metrics.daysSinceLastOrder", op: "gte", value: 60 }],
    ["爱吃水果", { purchased: { category: "水果" }, count: { op: "gte", value: 3 }, within: { days: 90 } }],
  ];
  await withMerchant(database, merchantId, async (tx) => {
    for (const [name, rule] of rules) await createTag(tx, merchantId, { name, kind: "rule", rule });
    await createSegment(tx, merchantId, {
      name: "五条件人群",
      rule: fiveConditions as Record<string, unknown>,
    });
    await createSegment(tx, merchantId, {
      name: "高价值",
      rule: { field: "rfm.class", op: "in", value: ["important_value"] },
    });
  });
}

async function orderLatencies(database: Database, merchantId: string, count: number, label: string) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await createOrder(
      database,
      merchantId,
      {
        externalId: `L-${label}-${i}`,
        customer: { phone: `1390000${String(i % 5000).padStart(4, "0")}` },
        placedAt: new Date().toISOString(),
        items: [{ sku: "SKU1", name: "苹果", category: "水果", quantity: 1 + (i % 3), unitPrice: 1250 }],
      },
      { source: "api", actor: { kind: "system", name: "bench" } },
    );
    times.push(performance.now() - started);
  }
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}

async function benchOne(kind: "postgres" | "pglite", database: Database, customers: number, orders: number) {
  await migrate(database);
  await detectAppRole(database);
  const { merchant } = await createMerchant(database, {
    name: "Insight bench",
    slug: `insight-${Date.now()}`,
    owner: { email: `insight-${Date.now()}@example.com`, password: "bench password", name: "Bench" },
  });
  const merchantId = merchant.id;
  const generated = await timed(async () => {
    for (const statement of generationSql(merchantId, customers, orders)) await database.query(statement);
  });
  const bare = await timed(() =>
    database.query(`select count(*) from (
      select customer_id, count(*), sum(total), sum(refunded_amount), min(placed_at), max(placed_at),
             count(distinct store_id)
        from orders where merchant_id = '${merchantId}' and status <> 'cancelled' and customer_id is not null
       group by customer_id) s`),
  );
  await rulesToKeep(database, merchantId);
  const steps = await timed(() => recomputeAllInsight(database, merchantId));
  const liveCounts: number[] = [];
  let matched = 0;
  for (let run = 0; run < 3; run++) {
    const { seconds, value } = await timed(() =>
      withMerchant(database, merchantId, (tx) =>
        previewRule(tx, fiveConditions, { merchantId, timeZone: merchant.timeZone, now: new Date() }, 20),
      ),
    );
    liveCounts.push(seconds);
    matched = value.count;
  }
  const calls = Number(process.env.BENCH_ORDER_CALLS ?? 300);
  setInlineInsight(false);
  const off = await orderLatencies(database, merchantId, calls, "off");
  setInlineInsight(true);
  const on = await orderLatencies(database, merchantId, calls, "on");
  const full = steps.seconds;
  console.log(
    JSON.stringify({
      bench: "insight",
      database: kind,
      customers,
      orders,
      orderLines: Number(
        (await database.query<{ n: number }>("select count(*)::int as n from order_items"))[0]?.n ?? 0,
      ),
      generateSeconds: generated.seconds,
      fullRecomputeSeconds: full,
      fullRecomputeStepSeconds: steps.value.seconds,
      bareGroupBySeconds: bare.seconds,
      ratioToBare: Number((full / bare.seconds).toFixed(2)),
      liveCountSeconds: percentile(liveCounts, 50),
      liveCountMatched: matched,
      orderCreateInsightOn: on,
      orderCreateInsightOff: off,
      addedP50Ms: Math.round((on.p50Ms - off.p50Ms) * 100) / 100,
      node: process.version,
      cpus: os.cpus().length,
    }),
  );
}

async function postgresUrl(): Promise<{ url: string; stop(): void } | null> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const { startThrowawayPostgres } = await import(path.join(repoDir, "scripts/throwaway-postgres.mjs"));
    return startThrowawayPostgres();
  }
  const name = `quanzi_insight_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: () => {
      const client = new pg.Client({ connectionString: adminUrl });
      client
        .connect()
        .then(() => client.query(`drop database if exists ${name} with (force)`))
        .finally(() => client.end());
    },
  };
}

const only = process.env.BENCH_DATABASE;
if (only !== "pglite") {
  const server = await postgresUrl();
  if (!server) console.error("PostgreSQL not available: skipped the postgres run");
  else {
    const database = await openDatabase({ databaseUrl: server.url });
    try {
      await database.query("select 1");
      await benchOne(
        "postgres",
        database,
        Number(process.env.BENCH_CUSTOMERS ?? 1_000_000),
        Number(process.env.BENCH_ORDERS ?? 10_000_000),
      );
    } finally {
      await database.close();
      server.stop();
    }
  }
}
if (only !== "postgres") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-bench-insight-"));
  const database = await openDatabase({ dataDir });
  try {
    await benchOne(
      "pglite",
      database,
      Number(process.env.BENCH_PGLITE_CUSTOMERS ?? process.env.BENCH_CUSTOMERS ?? 100_000),
      Number(process.env.BENCH_PGLITE_ORDERS ?? process.env.BENCH_ORDERS ?? 1_000_000),
    );
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
