import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { type Database, detectAppRole, openDatabase } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";

export type TestDatabaseKind = "pglite" | "postgres";

/** The databases this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const only = process.env.TEST_DATABASE_ONLY as TestDatabaseKind | undefined;
  const kinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  return only ? kinds.filter((k) => k === only) : kinds;
}

/**
 * A fresh, migrated database owned by one test file: in-memory PGlite, or a new database on the
 * TEST_DATABASE_URL server that is dropped afterwards.
 */
export async function createTestDatabase(
  kind: TestDatabaseKind,
): Promise<Database & { drop(): Promise<void> }> {
  if (kind === "pglite") {
    const template = inject("pgliteTemplate");
    const loadDataDir = template ? new Blob([fs.readFileSync(template)]) : undefined;
    const database = await openDatabase({ inMemory: true, loadDataDir });
    await migrate(database);
    await detectAppRole(database);
    return Object.assign(database, { drop: () => database.close() });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `quanzi_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const template = inject("postgresTemplate");
  await admin.query(`create database ${name}${template ? ` template ${template}` : ""}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  await migrate(database);
  await detectAppRole(database);
  const drop = async () => {
    await database.close();
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  return Object.assign(database, { drop });
}

/**
 * Runs a describe block once per database kind, each with its own fresh database.
 * `use()` returns the database inside tests.
 */
export function describeEachDatabase(
  title: string,
  body: (use: () => Database, kind: TestDatabaseKind) => void,
): void {
  for (const kind of testDatabaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      let database: (Database & { drop(): Promise<void> }) | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await database?.drop();
      });
      body(() => {
        if (!database) throw new Error("test database not ready");
        return database;
      }, kind);
    });
  }
}
