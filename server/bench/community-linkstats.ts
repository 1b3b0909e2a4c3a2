// `npm run bench -- community-linkstats`: a short link's stats page on a link with many clicks, on
// PostgreSQL and PGlite. BENCH_CLICKS (1,000,000 on PostgreSQL, 200,000 on PGlite) clicks over the
// past 365 days are written through the redirect's own batch write (raw rows and rollups, 5,000 a
// batch; about one in ten by one of 2,000 known customers, one in twenty a bot). Then the stats the
// console shows (`getLinkStats`, the last 30 days and the whole year) are read 20 times each: p50
// and p99, beside the bare count over the link's raw rows for the same range (hits and distinct
// human visitors: what a stats page without rollups would scan), and community health's read of the
// shop's known customers who clicked in the last 7 days. One JSON line per database.
// Issue 6: "stats stay fast on a link with millions of clicks".
import { randomUUID } from "node:crypto";
import os from "node:os";
import { sql } from "drizzle-orm";
import type { Database } from "../src/db/database.js";
import { detectAppRole } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { readAsMerchant, withMerchant } from "../src/db/tenant.js";
import { selectLinkClickers } from "../src/modules/links/link-customers.js";
import { getLinkStats } from "../src/modules/links/link-stats.js";
import { createShortLink } from "../src/modules/links/short-links.js";
import { type ClickRow, writeClicks } from "../src/modules/links/write-clicks.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { type DatabaseKind, runOnEachDatabase } from "./support/each-database.js";
import { percentile } from "./support/hammer.js";

const batch = 5_000;
const reads = 20;
const dayMs = 86_400_000;
const devices = ["mobile", "mobile", "mobile", "desktop", "tablet"];
const systems = ["iOS", "Android", "Android", "Windows", "macOS"];
const browsers = ["WeChat", "Safari", "Chrome", "Chrome", "Edge"];
const referrers = ["weixin.qq.com", "weibo.com", null, "xiaohongshu.com", "douyin.com"];
const tenths = (ms: number) => Math.round(ms * 10) / 10;

function clicksFor(kind: DatabaseKind): number {
  const fallback = kind === "postgres" ? 1_000_000 : 200_000;
  return Number(process.env.BENCH_CLICKS ?? fallback);
}

async function seed(database: Database) {
  const stamp = Date.now();
  const { merchant } = await createMerchant(database, {
    name: "Link stats bench",
    slug: `linkstats-${stamp}`,
    owner: { email: `linkstats-${stamp}@example.com`, password: "bench password", name: "Bench" },
  });
  const customerIds = Array.from({ length: 2_000 }, () => randomUUID());
  await database.query(
    "insert into customers (merchant_id, id, name) select $1, id, 'bench' from unnest($2::uuid[]) as id",
    [merchant.id, customerIds],
  );
  const link = await withMerchant(database, merchant.id, (tx) =>
    createShortLink(tx, merchant.id, { target: "https://example.com/landing", utm: { source: "bench" } }),
  );
  return { merchantId: merchant.id, timeZone: merchant.timeZone, linkId: link.id, customerIds };
}

function clickRow(seedInfo: Awaited<ReturnType<typeof seed>>, n: number, now: number): ClickRow {
  const at = new Date(now - Math.floor(Math.random() * 365 * dayMs));
  const pick = n % 5;
  const customer = n % 10 === 0 ? seedInfo.customerIds[n % seedInfo.customerIds.length]! : null;
  const referrer = referrers[(n >> 3) % 5] ?? null;
  return {
    merchant_id: seedInfo.merchantId,
    id: randomUUID().replaceAll("-", "").slice(0, 16),
    link_id: seedInfo.linkId,
    at: at.toISOString(),
    day: new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
    hour: new Date(at.getTime() - (at.getTime() % 3_600_000)).toISOString(),
    kind: n % 4 === 0 ? "scan" : "click",
    method: "GET",
    referrer: referrer ? `https://${referrer}/` : null,
    referrer_host: referrer,
    user_agent: "bench",
    device: devices[pick]!,
    os: systems[pick]!,
    browser: browsers[pick]!,
    is_bot: n % 20 === 0,
    visitor: `v${n % 50_000}`,
    customer_id: customer,
  };
}

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < reads; i++) {
    const begin = performance.now();
    await run();
    latencies.push(performance.now() - begin);
  }
  return { p50: tenths(percentile(latencies, 50)), p99: tenths(percentile(latencies, 99)) };
}

async function benchOne(kind: DatabaseKind, database: Database) {
  await migrate(database);
  await detectAppRole(database);
  const info = await seed(database);
  const clicks = clicksFor(kind);
  const now = Date.now();
  const writeStarted = performance.now();
  for (let from = 0; from < clicks; from += batch) {
    const rows = Array.from({ length: Math.min(batch, clicks - from) }, (_, i) =>
      clickRow(info, from + i, now),
    );
    await writeClicks(database, rows);
  }
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  await database.query("analyze short_link_clicks");
  const stats = (days: number) => () =>
    readAsMerchant(database, info.merchantId, (tx) =>
      getLinkStats(tx, info.merchantId, info.linkId, {
        from: new Date(now - (days - 1) * dayMs).toISOString().slice(0, 10),
        windowDays: 7,
        timeZone: info.timeZone,
        now: new Date(now),
      }),
    );
  const rawCount = (days: number) => () =>
    database.query(
      `select count(*)::int as hits, count(distinct visitor) filter (where not is_bot)::int as visitors
         from short_link_clicks where merchant_id = $1 and link_id = $2 and at >= $3`,
      [info.merchantId, info.linkId, new Date(now - days * dayMs)],
    );
  // Community health's "active by clicks": the shop's known customers who clicked in the last 7 days.
  const clickers = () =>
    readAsMerchant(database, info.merchantId, (tx) =>
      tx.execute(
        sql`select count(*) from ${selectLinkClickers(info.merchantId, new Date(now - 7 * dayMs))} k`,
      ),
    );
  const year = await stats(365)();
  const month30 = await timed(stats(30));
  const month365 = await timed(stats(365));
  const raw30 = await timed(rawCount(30));
  const raw365 = await timed(rawCount(365));
  const activeByClicks = await timed(clickers);
  console.log(
    JSON.stringify({
      bench: "community-linkstats",
      database: kind,
      clicks,
      hitsInYearRange: year.totals.hits,
      writeSeconds: tenths(writeSeconds),
      clicksWrittenPerSecond: Math.round(clicks / writeSeconds),
      stats30DaysMs: month30,
      stats365DaysMs: month365,
      rawCount30DaysMs: raw30,
      rawCount365DaysMs: raw365,
      ratio365: Number((month365.p50 / raw365.p50).toFixed(3)),
      activeByClicks7DaysMs: activeByClicks,
      loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
      at: new Date().toISOString(),
    }),
  );
}

await runOnEachDatabase("linkstats", benchOne);
