// `npm run bench -- loyalty`: the points ledger under load, on PostgreSQL and PGlite.
// - Spend throughput: BENCH_CLIENTS (200) concurrent clients spend 1 point at a time from BENCH_MEMBERS (1,000)
//   members for BENCH_SECONDS (10) through spendPoints (lock, lots, entry, links), beside a bare loop of
//   `begin; update … set balance = balance - 1; commit` on a plain 1,000-row table over the same pool in the same
//   run. Then the invariants: every member's balance drop equals its successful spends, and checkLedger is empty.
// - Expiry: BENCH_LOTS (PostgreSQL 1,000,000; PGlite 100,000) due lots over a tenth as many members, generated in
//   SQL with their earn entries and links, written off by expireDueLots; then the ledger check over all of it.
// BENCH_DATABASE=postgres|pglite runs one. Prints one JSON line per database.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { type Database, detectAppRole } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant } from "../src/db/tenant.js";
import { checkLedger } from "../src/modules/loyalty/ledger/check-ledger.js";
import { expireDueLots } from "../src/modules/loyalty/ledger/expire-lots.js";
import { earnPoints } from "../src/modules/loyalty/points/earn-points.js";
import { spendPoints } from "../src/modules/loyalty/points/spend-points.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { runOnEachDatabase } from "./support/each-database.js";
import { bareUpdateLoop, hammer } from "./support/hammer.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const clients = Number(process.env.BENCH_CLIENTS ?? 200);
const members = Number(process.env.BENCH_MEMBERS ?? 1_000);
const actor = { kind: "system", name: "bench" } as const;

const load = { clients, seconds, spread: members };

async function seedMembers(database: Database, merchantId: string): Promise<string[]> {
  const ids = Array.from({ length: members }, () => randomUUID());
  await database.query(
    `insert into customers (merchant_id, id, name) select $1, id, 'bench' from unnest($2::uuid[]) as id`,
    [merchantId, ids],
  );
  for (const customerId of ids) {
    await withMerchant(database, merchantId, (tx) =>
      earnPoints(tx, merchantId, {
        customerId,
        points: 1_000_000,
        idempotencyKey: `seed:${customerId}`,
        reason: { code: "api_earn" },
        source: "api",
        actor,
      }),
    );
  }
  return ids;
}

async function spendThroughput(database: Database, merchantId: string) {
  const ids = await seedMembers(database, merchantId);
  const spent = new Array<number>(members).fill(0);
  const bare = await bareUpdateLoop(database, { clients, seconds, rows: members });
  const ledger = await hammer(async (member) => {
    await withMerchant(database, merchantId, (tx) =>
      spendPoints(tx, merchantId, {
        customerId: ids[member]!,
        points: 1,
        idempotencyKey: randomUUID(),
        reason: { code: "api_spend" },
        source: "api",
        actor,
      }),
    );
    spent[member]! += 1;
  }, load);
  const balances = await database.query<{ customer_id: string; balance: string }>(
    "select customer_id, balance from wallet_accounts where merchant_id = $1 and wallet = 'points'",
    [merchantId],
  );
  const byId = new Map(balances.map((row) => [row.customer_id, Number(row.balance)]));
  const wrongBalances = ids.filter((id, i) => byId.get(id) !== 1_000_000 - spent[i]!).length;
  const violations = await withMerchant(database, merchantId, (tx) => checkLedger(tx, merchantId));
  return {
    spendsPerSecond: ledger.perSecond,
    spendP99Ms: ledger.p99Ms,
    spendFailures: ledger.failures,
    bareUpdatesPerSecond: bare.perSecond,
    bareP99Ms: bare.p99Ms,
    ratio: Math.round((ledger.perSecond / bare.perSecond) * 1000) / 1000,
    wrongBalances,
    ledgerViolations: violations.length,
  };
}

/** `lots` due lots, ten per member, each with its earn entry and link, as if earned over the last year. */
async function seedDueLots(database: Database, merchantId: string, lots: number) {
  const owners = Math.ceil(lots / 10);
  await database.query(
    `insert into customers (merchant_id, id, name)
    select $1, md5('expiry-member' || g)::uuid, 'expiry' from generate_series(1, ${owners}) g`,
    [merchantId],
  );
  await database.query(
    `insert into wallet_accounts (merchant_id, customer_id, wallet, balance, lifetime_earned)
    select $1, md5('expiry-member' || g)::uuid, 'points', 1000, 1000 from generate_series(1, ${owners}) g`,
    [merchantId],
  );
  await database.query(
    `insert into ledger_entries (merchant_id, id, customer_id, wallet, kind, amount, balance_after,
      idempotency_key, reason_code, source, actor_type, actor_name, created_at)
    select $1, md5('expiry-entry' || i)::uuid, md5('expiry-member' || (i / 10 + 1))::uuid, 'points', 'earn', 100,
      100 * (i % 10 + 1), 'seed:' || i, 'api_earn', 'api', 'system', 'bench', now() - interval '400 days' + (i % 10) * interval '1 day'
    from generate_series(0, ${lots - 1}) i`,
    [merchantId],
  );
  await database.query(
    `insert into ledger_lots (merchant_id, id, customer_id, wallet, kind, entry_id, amount, remaining,
      source, expires_at, created_at)
    select $1, md5('expiry-lot' || i)::uuid, md5('expiry-member' || (i / 10 + 1))::uuid, 'points', 'earned',
      md5('expiry-entry' || i)::uuid, 100, 100, 'api', now() - interval '1 day', now() - interval '400 days'
    from generate_series(0, ${lots - 1}) i`,
    [merchantId],
  );
  await database.query(
    `insert into ledger_entry_lots (merchant_id, entry_id, lot_id, amount)
    select $1, md5('expiry-entry' || i)::uuid, md5('expiry-lot' || i)::uuid, 100 from generate_series(0, ${lots - 1}) i`,
    [merchantId],
  );
  await database.query("analyze");
}

async function expiry(database: Database, merchantId: string, lots: number) {
  await seedDueLots(database, merchantId, lots);
  const started = performance.now();
  const expired = await expireDueLots(database, merchantId, new Date());
  const expirySeconds = Math.round(performance.now() - started) / 1000;
  const checkStarted = performance.now();
  const violations = await withMerchant(database, merchantId, (tx) => checkLedger(tx, merchantId));
  const checkSeconds = Math.round(performance.now() - checkStarted) / 1000;
  const [left] = await database.query<{ remaining: string | null }>(
    "select sum(remaining) as remaining from ledger_lots where merchant_id = $1 and expires_at < now()",
    [merchantId],
  );
  return {
    lots,
    expirySeconds,
    accountsExpired: expired.accounts,
    pointsExpired: expired.amount,
    remainingAfter: Number(left?.remaining ?? 0),
    ledgerCheckSeconds: checkSeconds,
    ledgerViolations: violations.length,
  };
}

async function benchOne(kind: "postgres" | "pglite", database: Database, lots: number) {
  await migrate(database);
  await detectAppRole(database);
  const stamp = Date.now();
  const shop = (slug: string) =>
    createMerchant(database, {
      name: "Loyalty bench",
      slug: `${slug}-${stamp}`,
      owner: { email: `${slug}-${stamp}@example.com`, password: "bench password", name: "Bench" },
    });
  const spends = await spendThroughput(database, (await shop("spend")).merchant.id);
  const expiries = await expiry(database, (await shop("expiry")).merchant.id, lots);
  const [load] = os.loadavg();
  console.log(
    JSON.stringify({
      bench: "loyalty",
      database: kind,
      clients,
      members,
      seconds,
      ...spends,
      expiry: expiries,
      loadAverage: Math.round((load ?? 0) * 10) / 10,
      at: new Date().toISOString(),
    }),
  );
}

await runOnEachDatabase("loyalty", (kind, database) =>
  benchOne(
    kind,
    database,
    Number(
      kind === "postgres"
        ? (process.env.BENCH_LOTS ?? 1_000_000)
        : (process.env.BENCH_PGLITE_LOTS ?? 100_000),
    ),
  ),
);
