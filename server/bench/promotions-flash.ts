// `npm run bench -- promotions-flash`: a flash sale's burst, on PostgreSQL and PGlite.
// BENCH_BUYERS (2,000) members with sessions tap "buy" at the same instant on a sale of BENCH_STOCK
// (100) through the HTTP app (fastify inject: routing, member authentication, validation and
// serialisation included; no sockets). Each answer's time is from the common start, so it
// includes the wait behind the buyers ahead of it. Beside it, the same burst of GET /me (member
// authentication and one read) shows what any member request costs on this machine, and the same
// burst straight into the service (a second sale, no HTTP, no sign-in) what the sale itself costs,
// and the same burst into a bare Fastify app's constant route the floor for any answer.
// One JSON line per database. Goal (issue 5): sold exactly the stock, p99 < 200 ms on PostgreSQL.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { sql } from "drizzle-orm";
import Fastify, { type InjectOptions } from "fastify";
import type { Config } from "../src/config.js";
import { type Database, detectAppRole } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { hashToken, randomToken } from "../src/lib/tokens.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { buyFlashSale } from "../src/modules/promotions/flash-sales/buy-flash-sale.js";
import { createFlashSale } from "../src/modules/promotions/flash-sales/flash-sales.js";
import { runOnEachDatabase } from "./support/each-database.js";

const buyers = Number(process.env.BENCH_BUYERS ?? 2000);
const stock = Number(process.env.BENCH_STOCK ?? 100);

const config: Config = {
  port: 0,
  host: "127.0.0.1",
  dataDir: os.tmpdir(),
  logLevel: "silent",
  smsSender: "console",
  secureCookies: "false",
  jobWorkers: 0,
};

async function seedMembers(database: Database, merchantId: string, count: number) {
  const tokens = Array.from({ length: count }, () => randomToken(43));
  const customerIds = await withSystem(database, async (tx) => {
    const ids = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name)
        select ${merchantId}::uuid, 'bench ' || n from generate_series(1, ${count}) n returning id`),
    ).map((r) => r.id);
    const sessions = ids.map((id, i) => ({ c: id, h: hashToken(tokens[i]!) }));
    await tx.execute(sql`insert into member_sessions (merchant_id, token_hash, customer_id, expires_at)
      select ${merchantId}::uuid, s.h, s.c, now() + interval '1 day'
      from jsonb_to_recordset(${JSON.stringify(sessions)}::jsonb) as s(c uuid, h text)`);
    return ids;
  });
  return { customerIds, cookies: tokens.map((t) => `quanzi_member=${t}`) };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const ms = (n: number) => Math.round(n * 10) / 10;

/** Fires one request per cookie at the same instant; each answer's time counts from that instant. */
async function burst(app: App, cookies: string[], request: (cookie: string) => InjectOptions) {
  const start = performance.now();
  const answers = await Promise.all(
    cookies.map(async (cookie) => {
      const res = await app.inject(request(cookie));
      return {
        status: res.statusCode,
        code: res.statusCode >= 400 ? res.json().error?.code : null,
        ms: performance.now() - start,
      };
    }),
  );
  const times = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    answers,
    p50: ms(percentile(times, 50)),
    p99: ms(percentile(times, 99)),
    max: ms(times.at(-1) ?? 0),
  };
}

async function createBenchSale(database: Database, merchantId: string) {
  const now = new Date();
  return withSystem(database, (tx) =>
    createFlashSale(
      tx,
      merchantId,
      {
        name: "bench",
        sku: "BENCH",
        itemName: "bench item",
        originalPrice: 9900,
        price: 990,
        stock,
        perMemberLimit: 1,
        startsAt: new Date(now.getTime() - 60_000).toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
      },
      now,
    ),
  );
}

/** The floor: the same burst of injects into a bare Fastify app's constant route (no auth, no database). */
async function bareBurst(count: number) {
  const bare = Fastify();
  bare.get("/bare", async () => ({ ok: true }));
  await bare.ready();
  try {
    const start = performance.now();
    const times = await Promise.all(
      Array.from({ length: count }, async () => {
        await bare.inject({ method: "GET", url: "/bare" });
        return performance.now() - start;
      }),
    );
    times.sort((a, b) => a - b);
    return { p50Ms: ms(percentile(times, 50)), p99Ms: ms(percentile(times, 99)) };
  } finally {
    await bare.close();
  }
}

/** The same burst straight into buyFlashSale: the sale's own cost, without HTTP and member sign-in. */
async function serviceBurst(database: Database, merchantId: string, customerIds: string[]) {
  const sale = await createBenchSale(database, merchantId);
  const start = performance.now();
  const answers = await Promise.all(
    customerIds.map((customerId) =>
      buyFlashSale(
        database,
        merchantId,
        { customerId, saleId: sale.id, quantity: 1, idempotencyKey: randomUUID() },
        { actor: { kind: "system", name: "bench" }, source: "bench", now: new Date() },
      ).then(
        () => ({ sold: true, code: null as string | null, ms: performance.now() - start }),
        (error: { code?: string }) => ({
          sold: false,
          code: error.code ?? "error",
          ms: performance.now() - start,
        }),
      ),
    ),
  );
  const times = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    sold: answers.filter((a) => a.sold).length,
    soldOut: answers.filter((a) => a.code === "sold_out").length,
    p50Ms: ms(percentile(times, 50)),
    p99Ms: ms(percentile(times, 99)),
  };
}

async function benchOne(kind: "postgres" | "pglite", database: Database) {
  await migrate(database);
  await detectAppRole(database);
  const stamp = Date.now();
  const { merchant } = await createMerchant(database, {
    name: "Flash bench",
    slug: `flash-${stamp}`,
    owner: { email: `flash-${stamp}@example.com`, password: "bench password", name: "Bench" },
  });
  const sale = await createBenchSale(database, merchant.id);
  const { customerIds, cookies } = await seedMembers(database, merchant.id, buyers);
  const app = await buildApp({ database, config, now: () => new Date() });
  await app.ready();
  try {
    const headers = (cookie: string) => ({ cookie, "x-requested-with": "quanzi" });
    const baseline = await burst(app, cookies, (cookie) => ({
      method: "GET",
      url: `/api/m/${merchant.slug}/me`,
      headers: headers(cookie),
    }));
    const buy = await burst(app, cookies, (cookie) => ({
      method: "POST",
      url: `/api/m/${merchant.slug}/flash-sales/${sale.id}/buy`,
      headers: { ...headers(cookie), "idempotency-key": randomUUID() },
      payload: { quantity: 1 },
    }));
    const service = await serviceBurst(database, merchant.id, customerIds);
    const floor = await bareBurst(buyers);
    const [counters] = rowsOf<{ sold: number; held: number; purchases: number }>(
      await withSystem(database, (tx) =>
        tx.execute(sql`select s.sold, s.held, (select count(*)::int from flash_sale_purchases p
          where p.merchant_id = s.merchant_id and p.sale_id = s.id) as purchases
          from flash_sales s where s.merchant_id = ${merchant.id} and s.id = ${sale.id}`),
      ),
    );
    const count = (pred: (a: { status: number; code: string | null }) => boolean) =>
      buy.answers.filter(pred).length;
    const [load] = os.loadavg();
    console.log(
      JSON.stringify({
        bench: "promotions-flash",
        database: kind,
        through: "http (fastify inject)",
        buyers,
        stock,
        sold: count((a) => a.status === 201),
        soldOut: count((a) => a.code === "sold_out"),
        otherAnswers: count((a) => a.status !== 201 && a.code !== "sold_out"),
        heldInDatabase: Number(counters?.held),
        purchaseRows: Number(counters?.purchases),
        oversold: Number(counters?.held) + Number(counters?.sold) > stock,
        p50Ms: buy.p50,
        p99Ms: buy.p99,
        maxMs: buy.max,
        goalP99Ms: 200,
        memberGetMeBurst: { p50Ms: baseline.p50, p99Ms: baseline.p99 },
        bareRouteBurst: floor,
        throughServiceOnly: service,
        cpus: os.cpus().length,
        loadAverage: Math.round((load ?? 0) * 10) / 10,
        at: new Date().toISOString(),
      }),
    );
  } finally {
    await app.close();
  }
}

await runOnEachDatabase("flash", benchOne, { poolSize: 20 });
