// `npm run bench -- api`: GET /api/v1/customers/{id} with an API key under autocannon for BENCH_SECONDS (default 10)
// on the real server (built JS, its own process), beside a bare Fastify route returning constant JSON in another
// process of the same Node, in the same run. PGlite always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is
// set, or a throwaway cluster can be started. Prints one JSON line per database.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { benchPostgres } from "./bench-postgres.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const serverDir = new URL("..", import.meta.url).pathname;

function startProcess(args: string[], env: NodeJS.ProcessEnv, readyText: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyText.test(output)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`process exited ${code}: ${output}`)));
  });
}

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

async function json(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return { body: (await res.json()) as Record<string, unknown>, cookie: res.headers.get("set-cookie") ?? "" };
}

/** A shop with an API key and 1,000 customers with an order each; returns the key and one customer id. */
async function seed(base: string) {
  const setup = await json(`${base}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      shop: { name: "Bench", slug: "bench" },
      owner: { name: "Bench", email: "bench@example.com", password: "bench password" },
    }),
  });
  const cookie = setup.cookie.split(";")[0]!;
  const created = await json(`${base}/api/v1/api-keys`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": String(setup.body.csrfToken) },
    body: JSON.stringify({ name: "bench" }),
  });
  const key = String(created.body.key);
  let customerId = "";
  for (let i = 0; i < 1000; i++) {
    const order = await json(`${base}/api/v1/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        externalId: `B-${i}`,
        customer: { phone: `1380000${String(i).padStart(4, "0")}`, name: `客户${i}` },
        placedAt: new Date(Date.now() - i * 3600_000).toISOString(),
        items: [
          { sku: `S${i % 50}`, name: "苹果", category: "水果", quantity: 1 + (i % 3), unitPrice: 1250 },
        ],
      }),
    });
    if (i === 500) customerId = String(order.body.customerId);
  }
  return { key, customerId };
}

async function benchOne(database: "pglite" | "postgres", databaseUrl?: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-bench-api-"));
  const port = 3900 + Math.floor(Math.random() * 50);
  const server = await startProcess(
    [path.join(serverDir, "bin/quanzi.mjs"), "start"],
    {
      PORT: String(port),
      HOST: "127.0.0.1",
      QUANZI_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl ?? "",
    },
    /running on/,
  );
  const bare = await startProcess(
    [path.join(serverDir, "bench/bare-server.mjs")],
    { PORT: String(port + 100), DATABASE_URL: databaseUrl ?? "" },
    /listening/,
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    const { key, customerId } = await seed(base);
    const bareFigures = await load(`http://127.0.0.1:${port + 100}/constant`);
    const apiFigures = await load(`${base}/api/v1/customers/${customerId}`, {
      authorization: `Bearer ${key}`,
    });
    // One database round trip and nothing else: the ceiling for any route that reads the database.
    const healthFigures = await load(`${base}/healthz`);
    const bareQueryFigures = databaseUrl ? await load(`http://127.0.0.1:${port + 100}/one-query`) : null;
    console.log(
      JSON.stringify({
        bench: "api",
        database,
        route: "GET /api/v1/customers/{id}",
        seconds,
        connections,
        requestsPerSecond: apiFigures.requestsPerSecond,
        p99Ms: apiFigures.p99Ms,
        errors: apiFigures.errors,
        bareRequestsPerSecond: bareFigures.requestsPerSecond,
        bareP99Ms: bareFigures.p99Ms,
        ratioToBare: Number((apiFigures.requestsPerSecond / bareFigures.requestsPerSecond).toFixed(3)),
        healthzRequestsPerSecond: healthFigures.requestsPerSecond,
        healthzP99Ms: healthFigures.p99Ms,
        bareOneQueryRequestsPerSecond: bareQueryFigures?.requestsPerSecond,
        bareOneQueryP99Ms: bareQueryFigures?.p99Ms,
        node: process.version,
        cpus: os.cpus().length,
      }),
    );
  } finally {
    server.kill("SIGTERM");
    bare.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// The server runs its built JavaScript, as `npm start` does.
spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: serverDir, stdio: "inherit" });
const only = process.env.BENCH_DATABASE_ONLY;
if (only !== "postgres") await benchOne("pglite");
if (only !== "pglite") {
  const postgres = await benchPostgres("quanzi_bench");
  if (postgres) {
    try {
      await benchOne("postgres", postgres.url);
    } finally {
      postgres.stop();
    }
  } else console.error("PostgreSQL not available: skipped the postgres run");
}
