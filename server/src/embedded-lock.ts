import fs from "node:fs";
import path from "node:path";
import { AppError } from "./errors.js";

type LockInfo = { pid: number; purpose: string; startedAt: string };

const lockPath = (dataDir: string) => path.join(dataDir, "quanzi.lock");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process holding the embedded database, if any (PGlite allows one process per data directory). */
export function embeddedDatabaseHolder(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), "utf8")) as LockInfo;
    return isAlive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

/**
 * Takes the embedded database for this process, or refuses clearly when another process has it.
 * Returns the release function.
 */
export function claimEmbeddedDatabase(dataDir: string, purpose: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const holder = embeddedDatabaseHolder(dataDir);
  if (holder) {
    throw new AppError(
      "database_busy",
      `The embedded database in ${dataDir} is in use by quanzi ${holder.purpose} (pid ${holder.pid}). ` +
        "Stop that process first, or use a PostgreSQL server (DATABASE_URL) to run several at once.",
    );
  }
  const info: LockInfo = { pid: process.pid, purpose, startedAt: new Date().toISOString() };
  fs.writeFileSync(lockPath(dataDir), JSON.stringify(info));
  const release = () => {
    const current = embeddedDatabaseHolder(dataDir);
    if (!current) fs.rmSync(lockPath(dataDir), { force: true });
  };
  process.once("exit", release);
  return release;
}
