// `npm run bench -- community-livecode`: live-code scans → routed answer at BENCH_CLIENTS (200) concurrent
// scans, on PostgreSQL and PGlite: half the scans as bursts (200 newcomers scan at the same instant, all are
// answered, then the next burst: burstP99Ms is the goal's figure), half sustained (200 scanners each scanning
// again as soon as answered: throughput); the first burst only warms up. Each scan is a new customer: the global
// code look-up, the routing as the join route does it (routeInBatch: the scans of one code that arrive together
// are routed in one transaction, group commit) and the answer (the target as the member sees it, read on the
// read pool). BENCH_SCANS (4,000) scans over BENCH_GROUPS (10) groups of BENCH_CAPACITY (500), strategy
// BENCH_STRATEGY (least_loaded). Then the invariant: no group over its capacity, counters equal to assignments. Goal (issue 6): p99 under 20 ms at 200 concurrent scans.
// BENCH_DATABASE=postgres|pglite runs one. Prints one JSON line per database.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { type Database, detectAppRole } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withMerchant } from "../src/db/tenant.js";
import { describeTargetInBatch } from "../src/modules/channels/describe-targets.js";
import { findPublicLiveCode } from "../src/modules/channels/join-live-code.js";
import { createLiveCode } from "../src/modules/channels/live-codes.js";
import { routeInBatch } from "../src/modules/channels/route-in-batches.js";
import { LiveCodeInputSchema } from "../src/modules/channels/schemas.js";
import { routingStrategies } from "../src/modules/channels/tables.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { runOnEachDatabase } from "./support/each-database.js";
import { percentile } from "./support/hammer.js";

const clients = Number(process.env.BENCH_CLIENTS ?? 200);
const scans = Number(process.env.BENCH_SCANS ?? 4_000);
const groups = Number(process.env.BENCH_GROUPS ?? 10);
const capacity = Number(process.env.BENCH_CAPACITY ?? 500);
const strategy = routingStrategies.find((s) => s === process.env.BENCH_STRATEGY) ?? "least_loaded";
const tenths = (ms: number) => Math.round(ms * 10) / 10;

async function seed(database: Database) {
  const stamp = Date.now();
  const { merchant } = await createMerchant(database, {
    name: "Live-code bench",
    slug: `livecode-${stamp}`,
    owner: { email: `livecode-${stamp}@example.com`, password: "bench password", name: "Bench" },
  });
  const communityIds = Array.from({ length: groups }, () => randomUUID());
  await database.query(
    `insert into communities (merchant_id, id, name, purpose, platform, capacity, join_url)
     select $1, id, 'bench group ' || n, 'marketing', 'wechat', $3, 'https://weixin.qq.com/g/bench'
     from unnest($2::uuid[]) with ordinality as t(id, n)`,
    [merchant.id, communityIds, capacity],
  );
  const customerIds = Array.from({ length: scans }, () => randomUUID());
  await database.query(
    "insert into customers (merchant_id, id, name) select $1, id, 'bench' from unnest($2::uuid[]) as id",
    [merchant.id, customerIds],
  );
  const code = await withMerchant(database, merchant.id, (tx) =>
    createLiveCode(
      tx,
      merchant.id,
      LiveCodeInputSchema.parse({
        name: "bench",
        kind: "store",
        strategy,
        targets: communityIds.map((communityId) => ({ kind: "community", communityId })),
      }),
    ),
  );
  return { merchantId: merchant.id, slug: merchant.slug, code, customerIds };
}

async function benchOne(kind: "postgres" | "pglite", database: Database) {
  await migrate(database);
  await detectAppRole(database);
  const { merchantId, slug, code, customerIds } = await seed(database);
  const tally = { allFull: 0, failures: 0 };
  /** One newcomer's scan, timed from the code look-up to the routed answer. */
  const scanOnce = async (customerId: string, latencies: number[]) => {
    const begin = performance.now();
    try {
      const found = await findPublicLiveCode(database, code.code);
      if (!found) throw new Error("code not found");
      const assigned = await routeInBatch(database, merchantId, {
        liveCodeId: code.id,
        customerId,
        newMember: true,
        now: new Date(),
      });
      const answer = assigned.targetId
        ? await describeTargetInBatch(database, merchantId, assigned.targetId, slug, code.code)
        : null;
      if (!answer) tally.allFull += 1;
      latencies.push(performance.now() - begin);
    } catch {
      tally.failures += 1;
    }
  };
  // Bursts: `clients` newcomers scan at the same instant, all are answered, then the next burst.
  // The first burst warms the pools and prepared statements and is not counted.
  await Promise.all(customerIds.slice(0, clients).map((c) => scanOnce(c, [])));
  const half = Math.floor(customerIds.length / 2);
  const burstLatencies: number[] = [];
  for (let from = clients; from < half; from += clients) {
    await Promise.all(
      customerIds.slice(from, Math.min(from + clients, half)).map((c) => scanOnce(c, burstLatencies)),
    );
  }
  // Sustained: `clients` scanners, each scanning again as soon as it is answered.
  const loopLatencies: number[] = [];
  let next = half;
  const started = performance.now();
  const scanner = async () => {
    while (next < customerIds.length) await scanOnce(customerIds[next++] as string, loopLatencies);
  };
  await Promise.all(Array.from({ length: clients }, scanner));
  const elapsed = (performance.now() - started) / 1000;
  const counters = await database.query<{ over: number; assigned: number; rows: number }>(
    `select count(*) filter (where capacity is not null and assigned > capacity)::int as over,
       coalesce(sum(assigned), 0)::int as assigned,
       (select count(*)::int from live_code_assignments where live_code_id = $1 and target_id is not null) as rows
     from live_code_targets where live_code_id = $1`,
    [code.id],
  );
  const [load] = os.loadavg();
  console.log(
    JSON.stringify({
      bench: "community-livecode",
      database: kind,
      strategy,
      clients,
      scans,
      groups,
      capacity,
      burstP50Ms: tenths(percentile(burstLatencies, 50)),
      burstP99Ms: tenths(percentile(burstLatencies, 99)),
      sustainedScansPerSecond: Math.round(loopLatencies.length / elapsed),
      sustainedP50Ms: tenths(percentile(loopLatencies, 50)),
      sustainedP99Ms: tenths(percentile(loopLatencies, 99)),
      allFull: tally.allFull,
      failures: tally.failures,
      targetsOverCapacity: counters[0]?.over,
      countersEqualAssignments: counters[0]?.assigned === counters[0]?.rows,
      loadAverage: Math.round((load ?? 0) * 10) / 10,
      at: new Date().toISOString(),
    }),
  );
}

await runOnEachDatabase("livecode", benchOne, { poolSize: 20 });
