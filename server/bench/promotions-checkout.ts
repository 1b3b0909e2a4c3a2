// `npm run bench -- promotions-checkout`: the checkout API on PostgreSQL and PGlite.
// - Quote: a 10-line cart with 5 candidate coupons ("best") through POST /api/v1/checkout/quote (fastify inject:
//   routing, API-key authentication, validation, the read and the engine; no sockets) from BENCH_QUOTE_CLIENTS (20)
//   loops for BENCH_SECONDS (10), beside GET /api/v1/customers/{id} the same way in the same run; and the engine
//   alone on the same cart. Goal (issue 5): quote p99 < 15 ms.
// - Redeem: BENCH_CLIENTS (200) concurrent clients each redeem a fresh single-use code through redeemCoupons for
//   BENCH_SECONDS, beside a bare loop of `begin; update … where id = $1; commit` on a 1,000-row table over the same
//   pool; once with a template that has a budget (every redeem updates its row: the contended case) and once
//   without. Then the invariants: redeemed coupons = successes, no coupon in two redemptions, spent = the
//   discounts given <= budget (0 without one).
//   Goal: at least 40% of the bare rate.
// BENCH_DATABASE=postgres|pglite runs one. Prints one JSON line per database.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Config } from "../src/config.js";
import { type Database, detectAppRole } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { createApiKey } from "../src/modules/auth/api-keys.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { redeemCoupons } from "../src/modules/promotions/checkout/redeem-coupons.js";
import { randomCouponCode } from "../src/modules/promotions/coupons/coupon-codes.js";
import { type CouponRuleInput, CouponRuleSchema } from "../src/modules/promotions/engine/coupon-rule.js";
import { priceCart } from "../src/modules/promotions/engine/price-cart.js";
import { runOnEachDatabase } from "./support/each-database.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const quoteClients = Number(process.env.BENCH_QUOTE_CLIENTS ?? 20);
const clients = Number(process.env.BENCH_CLIENTS ?? 200);
const actor = { kind: "system", name: "bench" } as const;

const config: Config = {
  port: 0,
  host: "127.0.0.1",
  dataDir: os.tmpdir(),
  logLevel: "silent",
  smsSender: "console",
  secureCookies: "false",
  jobWorkers: 0,
};

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

/** Runs `op` from `loops` concurrent loops until the time is up. */
async function hammer(loops: number, op: () => Promise<boolean>) {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let failures = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const ok = await op().catch(() => false);
      if (ok) latencies.push(performance.now() - started);
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  return {
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    done: latencies.length,
    failures,
  };
}

const cart = Array.from({ length: 10 }, (_, i) => ({
  lineId: `l${i}`,
  sku: `sku${i}`,
  category: i % 2 === 0 ? "drinks" : "food",
  quantity: 1 + (i % 3),
  unitPrice: 1500 + i * 310,
}));

const candidateRules: CouponRuleInput[] = [
  { kind: "amount_off", amountOff: 1000, minSpend: 10000 },
  {
    kind: "percent_off",
    percentOff: 12,
    maxDiscount: 3000,
    scope: { includeCategories: ["drinks"] },
    stacking: { group: "category" },
  },
  {
    kind: "threshold",
    tiers: [
      { minSpend: 10000, amountOff: 1000 },
      { minSpend: 30000, amountOff: 4000 },
    ],
  },
  { kind: "exchange", exchangeSku: "sku3" },
  { kind: "gift", minSpend: 20000, gift: { sku: "cup", name: "杯子", quantity: 1, unitPrice: 900 } },
];

async function insertTemplate(
  database: Database,
  merchantId: string,
  rule: CouponRuleInput,
  budget: number | null,
) {
  const [row] = await database.query<{ id: string }>(
    `insert into coupon_templates (merchant_id, name, rule, valid_until, budget)
     values ($1, 'bench', $2::jsonb, now() + interval '30 days', $3) returning id`,
    [merchantId, JSON.stringify(rule), budget],
  );
  return row!.id;
}

async function insertCoupons(
  database: Database,
  merchantId: string,
  templateId: string,
  customerId: string | null,
  count: number,
) {
  const codes = Array.from({ length: count }, () => randomCouponCode());
  await database.query(
    `insert into coupons (merchant_id, template_id, customer_id, code, valid_from, valid_until, source, issue_key, issue_seq)
     select $1, $2::uuid, $3::uuid, code, now() - interval '1 day', now() + interval '30 days', 'manual', 'bench:' || $2::text || ':' || n, 1
     from unnest($4::text[]) with ordinality as c(code, n)`,
    [merchantId, templateId, customerId, codes],
  );
  // As autovacuum would have by the time a shop redeems (steady state). Without it, this new shop's
  // 40,000 coupons have no statistics and redeem runs 3–5× slower: BENCH_COLD=1 measures that.
  if (!process.env.BENCH_COLD) await database.query("analyze coupons, coupon_templates");
  return codes;
}

async function quoteFigures(database: Database, app: App, merchantId: string, apiKey: string) {
  const [customer] = await database.query<{ id: string }>(
    `insert into customers (merchant_id, name) values ($1, 'bench') returning id`,
    [merchantId],
  );
  for (const rule of candidateRules) {
    await insertCoupons(
      database,
      merchantId,
      await insertTemplate(database, merchantId, rule, null),
      customer!.id,
      1,
    );
  }
  const headers = { authorization: `Bearer ${apiKey}` };
  const payload = { customerId: customer!.id, lines: cart, coupons: "best" };
  const probe = await app.inject({ method: "POST", url: "/api/v1/checkout/quote", headers, payload });
  if (probe.statusCode !== 200 || probe.json().applied.length === 0) throw new Error(`quote: ${probe.body}`);
  const quote = await hammer(quoteClients, async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/checkout/quote", headers, payload });
    return res.statusCode === 200;
  });
  const bare = await hammer(quoteClients, async () => {
    const res = await app.inject({ method: "GET", url: `/api/v1/customers/${customer!.id}`, headers });
    return res.statusCode === 200;
  });
  return { quote, bare, engine: engineFigures() };
}

function engineFigures() {
  const coupons = candidateRules.map((rule, i) => ({
    couponId: `c${i}`,
    code: `C${i}`,
    templateId: `t${i}`,
    rule: CouponRuleSchema.parse(rule),
    validFrom: null,
    validUntil: null,
    budgetLeft: null,
  }));
  const input = {
    lines: cart,
    coupons,
    storeId: null,
    at: new Date(),
    timeZone: "Asia/Shanghai",
    firstOrder: false,
    mode: "best" as const,
  };
  for (let i = 0; i < 1000; i++) priceCart(input);
  const times: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const started = performance.now();
    priceCart(input);
    times.push(performance.now() - started);
  }
  const micro = (n: number) => Math.round(n * 1000) / 1000;
  return { p50Ms: micro(percentile(times, 50)), p99Ms: micro(percentile(times, 99)) };
}

async function bareUpdateLoop(database: Database) {
  await database.query("create table bench_counters (id int primary key, n bigint not null)");
  await database.query("insert into bench_counters select g, 0 from generate_series(0, 999) g");
  const update = "update bench_counters set n = n + 1 where id = $1";
  const pick = () => Math.floor(Math.random() * 1000);
  if (database.pool) {
    const pool = database.pool;
    return hammer(clients, async () => {
      const client = await pool.connect();
      try {
        await client.query("begin");
        await client.query(update, [pick()]);
        await client.query("commit");
        return true;
      } finally {
        client.release();
      }
    });
  }
  const pglite = database.pglite!;
  return hammer(clients, async () => {
    await pglite.transaction(async (tx) => {
      await tx.query(update, [pick()]);
    });
    return true;
  });
}

/** Redeems fresh single-use codes of one template from `clients` loops; then the invariants. */
async function redeemFigures(database: Database, merchantId: string, budget: number | null) {
  const templateId = await insertTemplate(database, merchantId, candidateRules[0]!, budget);
  const codes = await insertCoupons(
    database,
    merchantId,
    templateId,
    null,
    Number(process.env.BENCH_CODES ?? 40_000),
  );
  let next = 0;
  let discounts = 0;
  const redeem = await hammer(clients, async () => {
    const code = codes[next++];
    if (!code) return false;
    const { redemption } = await redeemCoupons(
      database,
      merchantId,
      { lines: cart, coupons: [code] },
      randomUUID(),
      { actor, source: "api", now: new Date() },
    );
    discounts += redemption.discount;
    return true;
  });
  const [check] = await database.query<{ redeemed: string; twice: string; spent: string }>(
    `select (select count(*) from coupons where merchant_id = $1 and template_id = $2 and status = 'redeemed') as redeemed,
            (select count(*) from (select coupon_id from coupon_redemption_coupons where merchant_id = $1
               group by coupon_id having count(*) > 1) t) as twice,
            (select spent from coupon_templates where merchant_id = $1 and id = $2) as spent`,
    [merchantId, templateId],
  );
  const spentRight =
    budget === null ? Number(check!.spent) === 0 : Number(check!.spent) === discounts && discounts <= budget;
  return {
    perSecond: redeem.perSecond,
    p99Ms: redeem.p99Ms,
    failures: redeem.failures,
    codesUsedUp: next >= codes.length,
    violations:
      (Number(check!.redeemed) === redeem.done ? 0 : 1) + Number(check!.twice) + (spentRight ? 0 : 1),
  };
}

async function benchOne(kind: "postgres" | "pglite", database: Database) {
  await migrate(database);
  await detectAppRole(database);
  const { merchant } = await createMerchant(database, {
    name: "Bench",
    slug: `bench-${Date.now()}`,
    owner: { email: `bench-${Date.now()}@example.com`, password: "bench password", name: "Bench" },
  });
  const { key } = await createApiKey(database, merchant.id, { name: "bench" });
  const app = await buildApp({ database, config, now: () => new Date() });
  await app.ready();
  try {
    const quote = await quoteFigures(database, app, merchant.id, key);
    const bare = await bareUpdateLoop(database);
    const budgeted = await redeemFigures(database, merchant.id, 1_000_000_000);
    const unbudgeted = await redeemFigures(database, merchant.id, null);
    console.log(
      JSON.stringify({
        bench: "promotions-checkout",
        database: kind,
        seconds,
        quotePerSecond: quote.quote.perSecond,
        quoteP50Ms: quote.quote.p50Ms,
        quoteP99Ms: quote.quote.p99Ms,
        quoteFailures: quote.quote.failures,
        bareRoutePerSecond: quote.bare.perSecond,
        bareRouteP99Ms: quote.bare.p99Ms,
        engineP50Ms: quote.engine.p50Ms,
        engineP99Ms: quote.engine.p99Ms,
        redeemPerSecond: budgeted.perSecond,
        redeemP99Ms: budgeted.p99Ms,
        redeemNoBudgetPerSecond: unbudgeted.perSecond,
        redeemNoBudgetP99Ms: unbudgeted.p99Ms,
        redeemFailures: budgeted.failures + unbudgeted.failures,
        codesUsedUp: budgeted.codesUsedUp || unbudgeted.codesUsedUp,
        bareUpdatesPerSecond: bare.perSecond,
        bareP99Ms: bare.p99Ms,
        ratio: Math.round((budgeted.perSecond / bare.perSecond) * 1000) / 1000,
        ratioNoBudget: Math.round((unbudgeted.perSecond / bare.perSecond) * 1000) / 1000,
        violations: budgeted.violations + unbudgeted.violations,
      }),
    );
  } finally {
    await app.close();
  }
}

await runOnEachDatabase("checkout", benchOne, { poolSize: 20 });
