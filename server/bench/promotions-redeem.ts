// `npm run bench -- promotions-redeem` (also run by `npm run bench -- promotions`): BENCH_CLIENTS (200) concurrent
// clients redeem coupons through redeemCoupons (the checkout's service: lock, re-price, consume, record) for
// BENCH_SECONDS (10), each redemption one coupon ("best") of a random customer among BENCH_MEMBERS (1,000) holding
// BENCH_COUPONS_EACH (20) coupons each, beside the bare single-row update loop over the same pool in the same run.
// Two templates: one with a discount budget (its row is locked by every redemption) and one without. Then the
// invariants: no coupon redeemed twice, each redemption's coupons marked redeemed, the budget's spent counter equal
// to the discounts recorded and never above the budget. One JSON line per database.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, detectAppRole, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant } from "../src/db/tenant.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { redeemCoupons } from "../src/modules/promotions/checkout/redeem-coupons.js";
import { issueCoupons } from "../src/modules/promotions/coupons/issue-coupons.js";
import { createTemplate } from "../src/modules/promotions/coupons/templates.js";
import { benchPostgres } from "./bench-postgres.js";
import { bareUpdateLoop, hammer } from "./support/hammer.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const clients = Number(process.env.BENCH_CLIENTS ?? 200);
const members = Number(process.env.BENCH_MEMBERS ?? 1_000);
const couponsEach = Number(process.env.BENCH_COUPONS_EACH ?? 20);
const actor = { kind: "system", name: "bench" } as const;
const lines = [
  { sku: "S1", category: "水果", quantity: 2, unitPrice: 3000 },
  { sku: "S2", category: "零食", quantity: 1, unitPrice: 4500 },
];

async function seedShop(database: Database, budget: number | null) {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const { merchant } = await createMerchant(database, {
    name: "Redeem bench",
    slug: `redeem-${stamp}`,
    owner: { email: `redeem-${stamp}@example.com`, password: "bench password", name: "Bench" },
  });
  const merchantId = merchant.id;
  const template = await withMerchant(database, merchantId, (tx) =>
    createTemplate(tx, merchantId, {
      name: "满100减10",
      rule: { kind: "threshold", tiers: [{ minSpend: 10_000, amountOff: 1_000 }] } as never,
      validity: { type: "days_after_issue", days: 30 },
      budget,
      perCustomerLimit: couponsEach,
    }),
  );
  const customers = Array.from({ length: members }, () => randomUUID());
  await database.query(
    `insert into customers (merchant_id, id, name) select $1, id, 'bench' from unnest($2::uuid[]) as id`,
    [merchantId, customers],
  );
  for (const customerId of customers) {
    await withMerchant(database, merchantId, (tx) =>
      issueCoupons(tx, merchantId, {
        templateId: template.id,
        customerId,
        quantity: couponsEach,
        issueKey: `bench:${customerId}`,
        source: "manual",
        actor,
        now: new Date(),
      }),
    );
  }
  return { merchantId, templateId: template.id, customers };
}

async function invariants(database: Database, merchantId: string, templateId: string) {
  const [row] = await database.query<Record<string, string | number | null>>(
    `select
       (select count(*) from coupon_redemption_coupons where merchant_id = $1) as coupon_uses,
       (select count(distinct coupon_id) from coupon_redemption_coupons where merchant_id = $1) as distinct_coupons,
       (select count(*) from coupons where merchant_id = $1 and status = 'redeemed') as redeemed_coupons,
       (select coalesce(sum(budget_charged), 0) from coupon_redemption_coupons where merchant_id = $1) as discounts,
       (select spent from coupon_templates where merchant_id = $1 and id = $2) as spent,
       (select budget from coupon_templates where merchant_id = $1 and id = $2) as budget`,
    [merchantId, templateId],
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  const budget = row?.budget == null ? null : Number(row.budget);
  return {
    couponUses: n("coupon_uses"),
    violations:
      (n("coupon_uses") !== n("distinct_coupons") ? 1 : 0) +
      (n("coupon_uses") !== n("redeemed_coupons") ? 1 : 0) +
      (n("spent") !== n("discounts") ? 1 : 0) +
      (budget !== null && n("spent") > budget ? 1 : 0),
  };
}

async function redeemLoad(database: Database, budget: number | null) {
  const shop = await seedShop(database, budget);
  const redeemed = await hammer(
    async (member) => {
      await redeemCoupons(
        database,
        shop.merchantId,
        { customerId: shop.customers[member]!, lines, coupons: "best" },
        randomUUID(),
        { actor, source: "api", now: new Date() },
      );
    },
    { clients, seconds, spread: members },
  );
  return { ...redeemed, ...(await invariants(database, shop.merchantId, shop.templateId)) };
}

async function benchOne(kind: "postgres" | "pglite", database: Database) {
  await migrate(database);
  await detectAppRole(database);
  const bare = await bareUpdateLoop(database, { clients, seconds, rows: members });
  const open = await redeemLoad(database, null);
  const budgeted = await redeemLoad(database, 1_000_000_000);
  console.log(
    JSON.stringify({
      bench: "promotions-redeem",
      database: kind,
      clients,
      members,
      seconds,
      redeemsPerSecond: open.perSecond,
      redeemP99Ms: open.p99Ms,
      redeemFailures: open.failures,
      budgetedRedeemsPerSecond: budgeted.perSecond,
      budgetedRedeemP99Ms: budgeted.p99Ms,
      budgetedFailures: budgeted.failures,
      bareUpdatesPerSecond: bare.perSecond,
      bareP99Ms: bare.p99Ms,
      ratio: Math.round((open.perSecond / bare.perSecond) * 1000) / 1000,
      budgetedRatio: Math.round((budgeted.perSecond / bare.perSecond) * 1000) / 1000,
      violations: open.violations + budgeted.violations,
      loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
      at: new Date().toISOString(),
    }),
  );
}

const only = process.env.BENCH_DATABASE;
if (only !== "pglite") {
  const server = await benchPostgres("quanzi_redeem");
  if (!server) console.error("PostgreSQL not available: skipped the postgres run");
  else {
    const database = await openDatabase({ databaseUrl: server.url });
    try {
      await benchOne("postgres", database);
    } finally {
      await database.close();
      server.stop();
    }
  }
}
if (only !== "postgres") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-bench-redeem-"));
  const database = await openDatabase({ dataDir });
  try {
    await benchOne("pglite", database);
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
