// The real server (built JavaScript, its own process) and the bare baseline server, for the
// benches that load HTTP routes with autocannon.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { benchPostgres } from "../bench-postgres.js";

const serverDir = new URL("../..", import.meta.url).pathname;

export function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  readyText: RegExp,
): Promise<ChildProcess> {
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

/** autocannon against one URL: requests per second, p99 and the count of errors and non-2xx. */
export async function load(
  url: string,
  options: {
    seconds: number;
    connections: number;
    headers?: Record<string, string>;
    method?: "GET" | "POST";
    body?: string;
  },
) {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
    method: options.method ?? "GET",
    body: options.body,
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

export async function json(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return { body: (await res.json()) as Record<string, unknown>, cookie: res.headers.get("set-cookie") ?? "" };
}

/** Builds the server's JavaScript, as `npm start` runs it. */
export function buildServer() {
  spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: serverDir, stdio: "inherit" });
}

export type RunningServers = {
  base: string;
  bareBase: string;
  serverPid?: number;
  barePid?: number;
  stop(): Promise<void>;
};

/** The real server on the embedded database (or `databaseUrl`), and the bare server beside it. */
export async function startServers(databaseUrl?: string): Promise<RunningServers> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-bench-http-"));
  const port = 3900 + Math.floor(Math.random() * 50);
  // BENCH_PROFILE_DIR=<dir>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE_DIR;
  const server = await startProcess(
    [
      ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []),
      path.join(serverDir, "bin/quanzi.mjs"),
      "start",
    ],
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
  return {
    base: `http://127.0.0.1:${port}`,
    bareBase: `http://127.0.0.1:${port + 100}`,
    serverPid: server.pid,
    barePid: bare.pid,
    async stop() {
      server.kill("SIGTERM");
      bare.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A first shop through /api/setup: the owner's session cookie and CSRF token, and an API key. */
export async function setupShop(base: string) {
  const setup = await json(`${base}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      shop: { name: "Bench", slug: "bench" },
      owner: { name: "Bench", email: "bench@example.com", password: "bench password" },
    }),
  });
  const staff = {
    "content-type": "application/json",
    cookie: setup.cookie.split(";")[0]!,
    "x-csrf-token": String(setup.body.csrfToken),
  };
  const created = await json(`${base}/api/v1/api-keys`, {
    method: "POST",
    headers: staff,
    body: JSON.stringify({ name: "bench" }),
  });
  return { staff, apiKey: String(created.body.key) };
}

/**
 * Builds the server, then runs `bench` against it on PGlite and on PostgreSQL (a throwaway cluster
 * named `name`, or BENCH_DATABASE_URL / TEST_DATABASE_URL); BENCH_DATABASE=postgres|pglite runs one.
 */
export async function runOnEachServer(
  name: string,
  bench: (database: "pglite" | "postgres", servers: RunningServers) => Promise<void>,
): Promise<void> {
  const run = async (database: "pglite" | "postgres", databaseUrl?: string) => {
    const servers = await startServers(databaseUrl);
    try {
      await bench(database, servers);
    } finally {
      await servers.stop();
    }
  };
  buildServer();
  const only = process.env.BENCH_DATABASE;
  if (only !== "postgres") await run("pglite");
  if (only === "pglite") return;
  const postgres = await benchPostgres(name);
  if (!postgres) {
    console.error("PostgreSQL not available: skipped the postgres run");
    return;
  }
  try {
    await run("postgres", postgres.url);
  } finally {
    postgres.stop();
  }
}
