// Starts a throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp dir, on a free
// loopback port, as a non-root user (initdb refuses root). Returns its URL and a stop function.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export function findPgBin() {
  const candidates = [];
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim())
    candidates.push(path.dirname(fs.realpathSync(which.stdout.trim())));
  if (fs.existsSync("/usr/lib/postgresql")) {
    for (const v of fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a))) {
      candidates.push(`/usr/lib/postgresql/${v}/bin`);
    }
  }
  return candidates.find(
    (dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")),
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function runAs(user, cmd, args) {
  if (!user) return execFileSync(cmd, args, { stdio: "pipe" });
  return execFileSync("runuser", ["-u", user, "--", cmd, ...args], { stdio: "pipe" });
}

export async function startThrowawayPostgres() {
  const bin = findPgBin();
  if (!bin) return null;
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? "postgres" : null;
  if (isRoot && spawnSync("id", ["postgres"]).status !== 0) {
    execFileSync("useradd", ["--system", "--no-create-home", "postgres"]);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-pg-"));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  runAs(user, path.join(bin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "quanzi",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB`;
  runAs(user, path.join(bin, "pg_ctl"), [
    "-D",
    dataDir,
    "-o",
    opts,
    "-l",
    path.join(dir, "log"),
    "-w",
    "start",
  ]);
  const url = `postgres://quanzi@127.0.0.1:${port}/postgres`;
  const stop = () => {
    try {
      runAs(user, path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "stop"]);
    } catch {}
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url, stop, bin };
}
