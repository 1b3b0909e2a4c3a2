// `npm run bench -- dashboard`: on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL), generates
// BENCH_CUSTOMERS customers (default 100,000) and BENCH_ORDERS orders (default 10 per customer, skewed:
// a few customers buy often) over two years with SQL generate_series, places everyone in layers, then
// times the dashboard for 30-, 90- and 365-day periods (median of 3) beside a bare count of the same
// period's orders and buyers. Prints one JSON line; the throwaway database is dropped afterwards.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { sql } from "drizzle-orm";
import pg from "pg";
import { detectAppRole, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant } from "../src/db/tenant.js";
import { dashboardFigures } from "../src/modules/dashboard/dashboard.js";
import { recomputeInsight } from "../src/modules/insight/recompute-insight.js";
import { reevaluateLayers } from "../src/modules/layers/evaluate-layers.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { buyerActivityByDay } from "../src/modules/orders/buyer-activity.js";

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const orders = Number(process.env.BENCH_ORDERS ?? customers * 10);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server");

const seconds = (started: number) => Math.round(performance.now() - started) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function timed(run: () => Promise<unknown>, times = 3): Promise<number> {
  const timings: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await run();
    timings.push(Math.round(performance.now() - t));
  }
  return median(timings);
}

async function main() {
  const name = `quanzi_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl as string);
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
      `insert into customers (merchant_id, name, phone, created_at)
       select $1, '顾客' || g, '139' || lpad(g::text, 8, '0'), now() - make_interval(days => 730 - g % 730)
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
    await database.query("drop table bench_customers");
    const generated = seconds(started);
    started = performance.now();
    await recomputeInsight(database, m);
    const insightSeconds = seconds(started);
    started = performance.now();
    await reevaluateLayers(database, m);
    const layerSeconds = seconds(started);
    await database.query("analyze");

    const now = Date.now();
    const periods: Record<string, unknown> = {};
    for (const days of [30, 90, 365]) {
      const range = { from: dayOf(now - (days - 1) * 86_400_000), to: dayOf(now) };
      const dashboardMs = await timed(() => dashboardFigures(database, m, range));
      const activityMs = await timed(() =>
        withMerchant(database, m, (tx) =>
          buyerActivityByDay(tx, m, { firstDay: range.from, lastDay: range.to, timeZone: merchant.timeZone }),
        ),
      );
      // The floor: counting the orders and buyers of the period plus its 29-day lead-in, nothing else.
      const bareMs = await timed(() =>
        withMerchant(database, m, (tx) =>
          tx.execute(sql`select count(*), count(distinct customer_id) from orders
            where merchant_id = ${m} and status <> 'cancelled'
              and placed_at >= ${new Date(now - (days + 29) * 86_400_000).toISOString()}`),
        ),
      );
      periods[`${days}d`] = { dashboardMs, activityMs, bareCountMs: bareMs };
    }
    console.log(
      JSON.stringify({
        bench: "dashboard",
        database: "postgres",
        cpus: os.cpus().length,
        customers,
        orders,
        generateSeconds: generated,
        insightRecomputeSeconds: insightSeconds,
        layerReevaluateSeconds: layerSeconds,
        periods,
      }),
    );
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
