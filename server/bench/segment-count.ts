// `npm run bench -- segment-count`: on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL), generates
// BENCH_CUSTOMERS customers (default 100,000) and ~5 orders each (skewed: a few customers buy often) with SQL
// generate_series, recomputes metrics and RFM, then times the live count of a five-condition segment (the
// segment builder's preview: count + newest 20) as the refresh left the per-category cache and again with
// recent_order_at written for every row, then the full reconcile that saves its membership.
// Prints one JSON line; the throwaway database is dropped afterwards.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { sql } from "drizzle-orm";
import pg from "pg";
import { detectAppRole, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import { matchingCustomersSql } from "../src/modules/insight/conditions/compile-rule.js";
import { previewRule } from "../src/modules/insight/conditions/preview-rule.js";
import { fillRecentOrderTimes } from "../src/modules/insight/conditions/recent-order-times.js";
import type { RuleNode } from "../src/modules/insight/conditions/rule-types.js";
import { recomputeInsight } from "../src/modules/insight/recompute-insight.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { reconcileSegments } from "../src/modules/segments/reconcile-segments.js";
import { segments } from "../src/modules/segments/tables.js";

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const orders = Number(process.env.BENCH_ORDERS ?? customers * 5);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server");

/** Five conditions over profile, metrics and order lines, as a merchant would build them. */
const rule: RuleNode = {
  all: [
    { field: "metrics.orderCount", op: "gte", value: 3 },
    { field: "metrics.netSpent", op: "gte", value: 20_000 },
    { field: "metrics.lastOrderAt", op: "inLastDays", value: 180 },
    { field: "profile.city", op: "in", value: ["上海", "杭州", "南京"] },
    { purchased: { category: "水果" }, count: { op: "gte", value: 2 }, within: { days: 365 } },
  ],
};

const seconds = (started: number) => Math.round(performance.now() - started) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const name = `quanzi_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    await migrate(database);
    await detectAppRole(database);
    const { merchant } = await createMerchant(database, {
      name: "Bench",
      slug: name.replaceAll("_", "-"),
      owner: { email: `${name}@example.com`, password: "correct horse battery", name: "Owner" },
    });
    const m = merchant.id;
    let started = performance.now();
    await database.query(
      `insert into customers (merchant_id, name, phone, gender, birthday, city, created_at)
       select $1, '顾客' || g, '139' || lpad(g::text, 8, '0'), (array['male','female','unknown'])[1 + g % 3],
              date '1960-01-01' + (g::bigint * 7919 % 15000)::int,
              (array['上海','杭州','南京','苏州','北京','广州','深圳','成都'])[1 + (g * 31) % 8],
              now() - make_interval(days => g % 1000)
         from generate_series(1, $2::int) g`,
      [m, customers],
    );
    await database.query(
      `create unlogged table bench_customers as
       select id, row_number() over (order by id) as n from customers where merchant_id = $1`,
      [m],
    );
    await database.query("create index on bench_customers (n)");
    await database.query(
      `insert into orders (merchant_id, external_id, customer_id, placed_at, subtotal, total, item_count, source)
       select $1, 'B' || x.g, c.id, now() - make_interval(secs => x.age), x.amount, x.amount, 1, 'import'
         from (select g, 1 + floor($2::int * power(random(), 2))::int as n, random() * 730 * 86400 as age,
                      (500 + floor(random() * 30000))::bigint as amount
                 from generate_series(1, $3::int) g) x
         join bench_customers c on c.n = x.n`,
      [m, customers, orders],
    );
    await database.query(
      `insert into order_items (merchant_id, order_id, line_no, sku, name, category, quantity, unit_price, total)
       select merchant_id, id, 1, 'SKU', '商品', (array['水果','蔬菜','肉禽','乳品','粮油'])[1 + floor(random() * 5)::int],
              1, total, total
         from orders where merchant_id = $1`,
      [m],
    );
    await database.query("drop table bench_customers");
    const generated = seconds(started);
    started = performance.now();
    await recomputeInsight(database, m);
    await database.query("analyze");
    const recomputed = seconds(started);

    const input = () => ({ merchantId: m, timeZone: merchant.timeZone, now: new Date() });
    /** The plain count and the builder's preview (count + newest 20), five runs each. */
    const timeCounts = async () => {
      const counts: number[] = [];
      const previews: number[] = [];
      let matching = 0;
      for (let run = 0; run < 5; run++) {
        let t = performance.now();
        await withMerchant(database, m, (tx) =>
          tx.execute(sql`select count(*) from (${matchingCustomersSql(rule, input())}) x`),
        );
        counts.push(Math.round((performance.now() - t) * 10) / 10);
        t = performance.now();
        const result = await withMerchant(database, m, (tx) => previewRule(tx, rule, input()));
        previews.push(Math.round((performance.now() - t) * 10) / 10);
        matching = result.count;
      }
      return {
        matching,
        countMs: { first: counts[0], median: median(counts.slice(1)), runs: counts },
        previewMs: { first: previews[0], median: median(previews.slice(1)), runs: previews },
      };
    };
    // As the refresh left customer_category_metrics, then with recent_order_at written for every row
    // (a no-op once the refresh writes it).
    const asRefreshed = await timeCounts();
    started = performance.now();
    await withSystem(database, (tx) => fillRecentOrderTimes(tx, m));
    await database.query("vacuum analyze customer_category_metrics");
    const filledSeconds = seconds(started);
    const withRecentOrders = await timeCounts();
    const segmentId = await withMerchant(database, m, async (tx) => {
      const [row] = await tx
        .insert(segments)
        .values({ merchantId: m, name: "bench", rule: rule as Record<string, unknown> })
        .returning({ id: segments.id });
      return row!.id;
    });
    started = performance.now();
    const [reconciled] = await reconcileSegments(database, m, { segmentId });
    const firstReconcile = seconds(started);
    started = performance.now();
    const [again] = await reconcileSegments(database, m, { segmentId });
    const secondReconcile = seconds(started);
    const [{ n: orderRows }] = await withMerchant(
      database,
      m,
      async (tx) =>
        (await tx.execute(sql`select count(*)::int as n from orders`)) as unknown as {
          rows: [{ n: number }];
        },
    ).then((r) => r.rows);
    console.log(
      JSON.stringify({
        bench: "segment-count",
        database: "postgres",
        customers,
        orders: orderRows,
        generatedSeconds: generated,
        metricsAndRfmSeconds: recomputed,
        asRefreshed,
        fillRecentOrderTimesSeconds: filledSeconds,
        withRecentOrders,
        loadAverage: os.loadavg()[0],
        cpus: os.cpus().length,
        reconcile: {
          firstSeconds: firstReconcile,
          entered: reconciled?.entered,
          secondSeconds: secondReconcile,
          changesOnSecond: (again?.entered ?? 0) + (again?.exited ?? 0),
        },
      }),
    );
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP) console.error(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
