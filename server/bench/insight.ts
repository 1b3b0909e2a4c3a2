// `npm run bench -- insight`: a shop with BENCH_CUSTOMERS customers and BENCH_ORDERS orders (PostgreSQL: 1,000,000 /
// 10,000,000; PGlite: 100,000 / 1,000,000) generated in SQL with skew (a third of the customers place most orders,
// seasonality, 1–4 lines, 3% partly refunded, 1% cancelled). Times, in the same run:
// - the full insight recompute (metrics + RFM + rule tags + layers; segments beside it), first and again with nothing
//   changed, beside a bare GROUP BY customer over the orders (and, as the floor for per-category metrics, a bare
//   GROUP BY customer, category over the lines);
// - the live count of a five-condition rule on every customer;
// - order-create latency (the service, one order per call) with the inline insight refresh on and off.
// BENCH_DATABASE=postgres|pglite runs one; BENCH_DATABASE_URL / TEST_DATABASE_URL points at a PostgreSQL server
// (a throwaway cluster is started otherwise). Prints one JSON line per database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { useBulkWorkMem } from "../src/db/bulk-memory.js";
import { type Database, detectAppRole, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant } from "../src/db/tenant.js";
import { previewRule } from "../src/modules/insight/conditions/preview-rule.js";
import { recomputeAllInsight, setInlineInsight } from "../src/modules/insight/refresh-insight.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { createOrder } from "../src/modules/orders/create-order.js";
import { benchPostgres } from "./bench-postgres.js";
import { fiveConditions, generationSql, rulesToKeep } from "./insight-shop.js";

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { seconds: Math.round(performance.now() - started) / 1000, value };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

async function createOrders(database: Database, merchantId: string, count: number, label: string) {
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
  return times;
}

/**
 * Order-create latency with the inline insight refresh off and on, for the same customers (a
 * first pass creates them, unmeasured), alternating off/on blocks so drift on a shared machine
 * falls on both sides.
 */
async function orderLatencies(database: Database, merchantId: string, calls: number) {
  await createOrders(database, merchantId, calls, "warm");
  const times = { off: [] as number[], on: [] as number[] };
  for (let block = 0; block < 4; block++) {
    const mode = block % 2 === 0 ? "off" : "on";
    setInlineInsight(mode === "on");
    times[mode].push(...(await createOrders(database, merchantId, calls / 2, `${mode}${block}`)));
  }
  setInlineInsight(true);
  const round = (v: number) => Math.round(v * 100) / 100;
  const summary = (t: number[]) => ({ p50Ms: round(percentile(t, 50)), p99Ms: round(percentile(t, 99)) });
  return { off: summary(times.off), on: summary(times.on) };
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
  // Baselines run as the passes do: in the shop's transaction (RLS on), with the passes' work_mem.
  const bareQuery = (text: string) =>
    withMerchant(database, merchantId, async (tx) => {
      await useBulkWorkMem(tx);
      await tx.execute(sql.raw(text));
    });
  const bare = await timed(() =>
    bareQuery(`select count(*) from (
      select customer_id, count(*), sum(total), sum(refunded_amount), min(placed_at), max(placed_at),
             count(distinct store_id)
        from orders where merchant_id = '${merchantId}' and status <> 'cancelled' and customer_id is not null
       group by customer_id) s`),
  );
  // The floor for per-category metrics: the same read, per customer and category over the lines.
  const bareCategories = await timed(() =>
    bareQuery(`select count(*) from (
      select o.customer_id, i.category, count(*), sum(i.total), min(o.placed_at), max(o.placed_at)
        from orders o join order_items i on i.merchant_id = o.merchant_id and i.order_id = o.id
       where o.merchant_id = '${merchantId}' and o.status <> 'cancelled' and o.customer_id is not null
         and i.category is not null
       group by 1, 2) s`),
  );
  await rulesToKeep(database, merchantId);
  const steps = await timed(() => recomputeAllInsight(database, merchantId));
  // The same again with nothing changed: what a nightly run of an unchanged shop costs.
  const again = await timed(() => recomputeAllInsight(database, merchantId));
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
  const { off, on } = await orderLatencies(database, merchantId, calls);
  // The figure: metrics + RFM + rule tags + layers; segments are reported beside it.
  const withoutSegments = (seconds: Record<string, number>) =>
    Math.round(((seconds.metricsAndRfm ?? 0) + (seconds.ruleTags ?? 0) + (seconds.layers ?? 0)) * 1000) /
    1000;
  const full = withoutSegments(steps.value.seconds);
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
      bareCategoryGroupBySeconds: bareCategories.seconds,
      unchangedRecomputeSeconds: withoutSegments(again.value.seconds),
      unchangedRecomputeStepSeconds: again.value.seconds,
      unchangedRatioToBare: Number((withoutSegments(again.value.seconds) / bare.seconds).toFixed(2)),
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

const only = process.env.BENCH_DATABASE;
if (only !== "pglite") {
  const server = await benchPostgres("quanzi_insight");
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
