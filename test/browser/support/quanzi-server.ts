import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { checkBuildsAreFresh } from "./build-freshness.js";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

export type QuanziServer = {
  baseUrl: string;
  dataDir: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
};

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("could not find a free port");
  return address.port;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`quanzi start exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`quanzi did not answer /healthz within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the real built server (`node server/bin/quanzi.mjs start`) on a free port with its own embedded
 * database in a temp folder (or `env.QUANZI_DATA_DIR`). `env` adds to or overrides the defaults (e.g. the
 * SMS webhook URL). An empty data folder starts as a copy of the run's migrated template (see
 * global-setup.ts); `freshDatabase` makes the server create and migrate it itself instead.
 * Browser files run in parallel workers, so the free port found here can be taken by another file's
 * server (or anything else on the machine) before ours binds it; then it starts again on a new port.
 */
export async function startQuanzi(
  env: Record<string, string> = {},
  { freshDatabase = false } = {},
): Promise<QuanziServer> {
  checkBuildsAreFresh(repoRoot);
  const dataDir = mkdtempSync(path.join(tmpdir(), "quanzi-browser-"));
  const databaseDir = path.join(env.QUANZI_DATA_DIR ?? dataDir, "pgdata");
  if (!freshDatabase && !existsSync(databaseDir)) {
    cpSync(path.join(inject("quanziDataTemplate"), "pgdata"), databaseDir, { recursive: true });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnQuanzi(dataDir, await findFreePort(), env);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) {
        rmSync(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

class PortTakenError extends Error {}

async function spawnQuanzi(
  dataDir: string,
  port: number,
  env: Record<string, string>,
): Promise<QuanziServer> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(repoRoot, "server/bin/quanzi.mjs"), "start"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: "",
      PORT: String(port),
      HOST: "127.0.0.1",
      QUANZI_DATA_DIR: dataDir,
      QUANZI_PUBLIC_URL: baseUrl,
      QUANZI_SECURE_COOKIES: "false",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const output = () => log;
  // If the test worker dies without its afterAll, the server must not outlive it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const exit = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    await exit();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, output, 60_000);
  } catch (error) {
    await exit();
    if (output().includes("EADDRINUSE")) throw new PortTakenError(`port ${port} was taken`);
    throw error;
  }
  return { baseUrl, dataDir, output, stop };
}
