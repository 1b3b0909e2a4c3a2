import { createHash } from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { Database } from "./database.js";

export const migrationsDir = fileURLToPath(new URL("../../migrations", import.meta.url));

export type Migration = { version: string; name: string; sql: string; checksum: string };

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(`${dir}/${file}`, "utf8");
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ""),
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    });
}

/**
 * Applies pending migrations in order, each in its own transaction. An advisory lock keeps two
 * servers starting at once from racing; a changed file that was already applied stops the start.
 */
export async function migrate(database: Database): Promise<string[]> {
  const applied: string[] = [];
  await database.query(`create table if not exists schema_migrations (
    version text primary key, name text not null, checksum text not null,
    applied_at timestamptz not null default now())`);
  await database.query("select pg_advisory_lock(727274)");
  try {
    const done = new Map(
      (
        await database.query<{ version: string; checksum: string; name: string }>(
          "select version, checksum, name from schema_migrations",
        )
      ).map((r) => [r.version, r]),
    );
    for (const migration of readMigrations()) {
      const previous = done.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} changed after it was applied; add a new migration instead.`,
          );
        }
        continue;
      }
      await applyMigration(database, migration);
      applied.push(migration.name);
    }
  } finally {
    await database.query("select pg_advisory_unlock(727274)");
  }
  return applied;
}

async function applyMigration(database: Database, migration: Migration): Promise<void> {
  const record = "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)";
  const params = [migration.version, migration.name, migration.checksum];
  if (database.pglite) {
    await database.pglite.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(record, params);
    });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query("begin");
    await client.query(migration.sql);
    await client.query(record, params);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}
