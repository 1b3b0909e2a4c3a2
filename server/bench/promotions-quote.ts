// `npm run bench -- promotions-quote` (also run by `npm run bench -- promotions`): POST /api/v1/checkout/quote for a
// 10-line cart with 5 candidate coupons ("best") under autocannon on the real server (built JS, its own process),
// beside the bare constant route and the foundation bench's GET /api/v1/customers/{id} in the same run. PGlite, then
// PostgreSQL (BENCH_DATABASE_URL / TEST_DATABASE_URL, else a throwaway cluster). One JSON line per database.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { json, load, type RunningServers, runOnEachServer, setupShop } from "./support/http-server.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const shape = { seconds, connections };
const sweepConnections = [1, 4, 8];

const days30 = { type: "days_after_issue", days: 30 };
/** Five templates that all apply to the cart below, in different stacking groups and conflicts. */
const templates = [
  { name: "满50减5", rule: { kind: "amount_off", amountOff: 500, minSpend: 5000 } },
  {
    name: "水果9折",
    rule: {
      kind: "percent_off",
      percentOff: 10,
      maxDiscount: 2000,
      scope: { includeCategories: ["水果"] },
      stacking: { group: "category" },
    },
  },
  {
    name: "满100减10 满200减25",
    rule: {
      kind: "threshold",
      tiers: [
        { minSpend: 10000, amountOff: 1000 },
        { minSpend: 20000, amountOff: 2500 },
      ],
    },
  },
  {
    name: "S1 立减3",
    rule: { kind: "amount_off", amountOff: 300, scope: { includeSkus: ["S1"] }, stacking: { group: "item" } },
  },
  {
    name: "满150赠",
    rule: {
      kind: "gift",
      minSpend: 15000,
      gift: { sku: "G1", name: "帆布袋", quantity: 1, unitPrice: 1500 },
    },
  },
];

const cartLines = Array.from({ length: 10 }, (_, i) => ({
  sku: `S${i}`,
  category: i % 2 === 0 ? "水果" : "零食",
  quantity: 1 + (i % 3),
  unitPrice: 990 + i * 250,
}));

async function seed(base: string) {
  const { staff, apiKey } = await setupShop(base);
  const api = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };
  const order = await json(`${base}/api/v1/orders`, {
    method: "POST",
    headers: api,
    body: JSON.stringify({
      externalId: "Q-1",
      placedAt: new Date().toISOString(),
      customer: { phone: "13800000001", name: "客户" },
      items: [{ sku: "S1", name: "苹果", category: "水果", quantity: 1, unitPrice: 1250 }],
    }),
  });
  const customerId = String(order.body.customerId);
  for (const template of templates) {
    const created = await json(`${base}/api/v1/coupon-templates`, {
      method: "POST",
      headers: staff,
      body: JSON.stringify({ ...template, validity: days30 }),
    });
    await json(`${base}/api/v1/coupons/issue`, {
      method: "POST",
      headers: { ...staff, "idempotency-key": randomUUID() },
      body: JSON.stringify({ templateId: created.body.id, customerIds: [customerId] }),
    });
  }
  return { apiKey, customerId };
}

async function benchOne(database: "pglite" | "postgres", servers: RunningServers) {
  const { apiKey, customerId } = await seed(servers.base);
  const body = JSON.stringify({ customerId, lines: cartLines, coupons: "best" });
  const headers = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };
  const sample = await json(`${servers.base}/api/v1/checkout/quote`, { method: "POST", headers, body });
  const quote = await load(`${servers.base}/api/v1/checkout/quote`, {
    ...shape,
    method: "POST",
    headers,
    body,
  });
  const bare = await load(`${servers.bareBase}/constant`, shape);
  const read = await load(`${servers.base}/api/v1/customers/${customerId}`, {
    ...shape,
    headers: { authorization: `Bearer ${apiKey}` },
  });
  // How the p99 moves with the number of tills quoting at once (the goal names no concurrency).
  const sweep = [];
  for (const tills of sweepConnections) {
    const at = { seconds: Math.min(seconds, 5), connections: tills };
    const q = await load(`${servers.base}/api/v1/checkout/quote`, { ...at, method: "POST", headers, body });
    const r = await load(`${servers.base}/api/v1/customers/${customerId}`, {
      ...at,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    sweep.push({
      connections: tills,
      quotePerSecond: q.requestsPerSecond,
      quoteP99Ms: q.p99Ms,
      readP99Ms: r.p99Ms,
    });
  }
  const applied = (sample.body.applied as unknown[] | undefined)?.length;
  console.log(
    JSON.stringify({
      bench: "promotions-quote",
      database,
      route: "POST /api/v1/checkout/quote (10 lines, 5 candidates, best)",
      seconds,
      connections,
      couponsApplied: applied,
      quoteRequestsPerSecond: quote.requestsPerSecond,
      quoteP99Ms: quote.p99Ms,
      quoteErrors: quote.errors,
      customerReadRequestsPerSecond: read.requestsPerSecond,
      customerReadP99Ms: read.p99Ms,
      bareRequestsPerSecond: bare.requestsPerSecond,
      bareP99Ms: bare.p99Ms,
      ratioToCustomerRead: Number((quote.requestsPerSecond / read.requestsPerSecond).toFixed(3)),
      ratioToBare: Number((quote.requestsPerSecond / bare.requestsPerSecond).toFixed(3)),
      byConnections: sweep,
      loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
      at: new Date().toISOString(),
    }),
  );
}

await runOnEachServer("quanzi_quote", benchOne);
