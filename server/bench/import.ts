// `npm run bench -- import`: generates a seeded CSV of BENCH_LINES order lines (default 1,000,000), imports it with
// `quanzi import orders` in a child process on PGlite and on PostgreSQL, and times a bare COPY of the same file into
// a plain text table in the same run. Prints one JSON line per database.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type Database, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";

const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
const cli = process.env.BENCH_CLI ?? new URL("../bin/quanzi.mjs", import.meta.url).pathname;
// bin/quanzi.mjs runs the built CLI when server/dist exists (npm start builds it), else the sources through tsx,
// which alone adds ~100 MB of resident memory; the figures say which one ran.
const cliMode = fs.existsSync(new URL("../dist/cli/main.js", import.meta.url)) ? "dist" : "tsx";
const headers = [
  "订单号",
  "下单时间",
  "会员编号",
  "手机号",
  "会员姓名",
  "门店",
  "商品编码",
  "商品名称",
  "品类",
  "数量",
  "单价",
  "状态",
];

/** Small seeded PRNG (mulberry32), so every run imports the same file. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ~10 lines per order, ~50,000 customers, 10% guests, some returns and cancellations, zone-less times. */
async function generateCsv(file: string): Promise<number> {
  const rand = random(20261130);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const categories = ["水果", "蔬菜", "肉禽", "乳品", "粮油"];
  const products = Array.from({ length: 500 }, (_, i) => ({
    sku: `SKU${String(i).padStart(4, "0")}`,
    name: `商品${i}`,
    category: categories[i % categories.length]!,
    price: `${1 + Math.floor(rand() * 200)}.${String(Math.floor(rand() * 100)).padStart(2, "0")}`,
  }));
  const customers = Math.max(1, Math.round(lines / 20));
  const out = fs.createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  await write(`\ufeff${headers.join(",")}\n`);
  let written = 0;
  let orderNo = 0;
  const start = Date.UTC(2025, 11, 1);
  while (written < lines) {
    orderNo += 1;
    const guest = rand() < 0.1;
    const c = Math.floor(rand() * customers);
    const member = guest ? ["", "", ""] : [`M${c}`, `139${String(c).padStart(8, "0")}`, `会员${c}`];
    const when = new Date(start + Math.floor(rand() * 365 * 86_400_000))
      .toISOString()
      .slice(0, 16)
      .replace("T", " ");
    const store = pick(["南山店", "福田店"]);
    const status = rand() < 0.005 ? "已取消" : "";
    const count = Math.min(lines - written, 5 + Math.floor(rand() * 11));
    const bought: (typeof products)[number][] = [];
    for (let i = 0; i < count; i++) {
      const returns = bought.length > 0 && rand() < 0.01;
      const item = returns ? pick(bought) : pick(products);
      if (!returns) bought.push(item);
      const quantity = returns ? -1 : 1 + Math.floor(rand() * 3);
      await write(
        `SO${orderNo},${when},${member.join(",")},${store},${item.sku},${item.name},${item.category},${quantity},${item.price},${status}\n`,
      );
      written += 1;
    }
  }
  out.end();
  await finished(out);
  return orderNo;
}

async function prepareMerchant(database: Database): Promise<string> {
  await migrate(database);
  const slug = `bench-${randomBytes(3).toString("hex")}`;
  await createMerchant(database, {
    name: "Bench Shop",
    slug,
    owner: { email: `${slug}@example.com`, password: "bench-password" },
  });
  return slug;
}

/** Runs the CLI import, polling the child's peak resident memory (VmHWM) while it runs. */
async function runCliImport(file: string, slug: string, env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "import", "orders", file, "--merchant", slug], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {}
  }, 100);
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`quanzi import exited with ${code}`);
  const summary = JSON.parse(stdout.trim().split("\n").at(-1)!) as { orders: number; errors: number };
  return { seconds, peakRssMb: Math.round(peakKb / 1024), summary };
}

const bareColumns = headers.map((_, i) => `c${i} text`).join(", ");

async function bareCopyPostgres(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create table bench_bare (${bareColumns})`);
    const started = performance.now();
    const stream = client.query(copyFrom("copy bench_bare from stdin with (format csv, header true)"));
    await finished(fs.createReadStream(file, { start: 3 }).pipe(stream));
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

async function bareCopyPglite(dataDir: string, file: string): Promise<number> {
  const database = await openDatabase({ dataDir });
  try {
    await database.query(`create table bench_bare (${bareColumns})`);
    const started = performance.now();
    const blob = new Blob([fs.readFileSync(file).subarray(3)]);
    await database.pglite!.query("copy bench_bare from '/dev/blob' with (format csv, header true)", [], {
      blob,
    });
    return (performance.now() - started) / 1000;
  } finally {
    await database.close();
  }
}

function report(database: string, run: Awaited<ReturnType<typeof runCliImport>>, bareCopySeconds: number) {
  console.log(
    JSON.stringify({
      bench: "import",
      database,
      cli: process.env.BENCH_CLI ? "custom" : cliMode,
      lines,
      orders: run.summary.orders,
      seconds: Number(run.seconds.toFixed(2)),
      linesPerSecond: Math.round(lines / run.seconds),
      peakRssMb: run.peakRssMb,
      bareCopySeconds: Number(bareCopySeconds.toFixed(2)),
      ratioToBareCopy: Number((run.seconds / bareCopySeconds).toFixed(2)),
      errors: run.summary.errors,
    }),
  );
}

async function benchPglite(file: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-bench-pglite-"));
  try {
    const database = await openDatabase({ dataDir });
    const slug = await prepareMerchant(database);
    await database.close();
    const run = await runCliImport(file, slug, { QUANZI_DATA_DIR: dataDir, DATABASE_URL: "" });
    report("pglite", run, await bareCopyPglite(dataDir, file));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(file: string) {
  let serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let stop = () => {};
  if (!serverUrl) {
    const { startThrowawayPostgres } = (await import(
      new URL("../../scripts/throwaway-postgres.mjs", import.meta.url).href
    )) as { startThrowawayPostgres(): Promise<{ url: string; stop(): void } | null> };
    const server = await startThrowawayPostgres();
    if (!server) {
      console.error("No PostgreSQL found (initdb); skipping the PostgreSQL figures");
      return;
    }
    serverUrl = server.url;
    stop = server.stop;
  }
  const name = `quanzi_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString() });
    const slug = await prepareMerchant(database);
    await database.close();
    const run = await runCliImport(file, slug, { DATABASE_URL: url.toString() });
    report("postgres", run, await bareCopyPostgres(url.toString(), file));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    stop();
  }
}

const file = path.join(os.tmpdir(), `quanzi-bench-orders-${lines}.csv`);
console.error(`Generating ${lines.toLocaleString("en")} order lines in ${file}…`);
await generateCsv(file);
const only = process.env.BENCH_DATABASE;
if (!only || only === "pglite") await benchPglite(file);
if (!only || only === "postgres") await benchPostgres(file);
