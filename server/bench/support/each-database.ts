// Runs a bench on PostgreSQL (BENCH_DATABASE_URL / TEST_DATABASE_URL, else a throwaway cluster) and on
// PGlite in a temporary data directory; BENCH_DATABASE=postgres|pglite runs one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "../../src/db/database.js";
import { benchPostgres } from "../bench-postgres.js";

export type DatabaseKind = "postgres" | "pglite";

export async function runOnEachDatabase(
  name: string,
  bench: (kind: DatabaseKind, database: Database) => Promise<void>,
  options: { poolSize?: number } = {},
): Promise<void> {
  const only = process.env.BENCH_DATABASE;
  if (only !== "pglite") {
    const server = await benchPostgres(`quanzi_${name}`);
    if (!server) console.error("PostgreSQL not available: skipped the postgres run");
    else {
      const database = await openDatabase({ databaseUrl: server.url, poolSize: options.poolSize });
      try {
        await bench("postgres", database);
      } finally {
        await database.close();
        server.stop();
      }
    }
  }
  if (only !== "postgres") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `quanzi-bench-${name}-`));
    const database = await openDatabase({ dataDir });
    try {
      await bench("pglite", database);
    } finally {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
