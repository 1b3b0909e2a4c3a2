import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

/**
 * Migrates one database of each kind per test run; every test file then starts from a copy
 * (a PGlite data-directory dump, a PostgreSQL template database) instead of migrating its own.
 */
export default async function setup(project: TestProject) {
  const dir = path.join(import.meta.dirname, "../../.tmp");
  fs.mkdirSync(dir, { recursive: true });
  const dumpFile = path.join(dir, `pglite-template-${process.pid}.tar`);
  const pglite = await openDatabase({ inMemory: true });
  await migrate(pglite);
  const dump = await pglite.pglite!.dumpDataDir("none");
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide("pgliteTemplate", dumpFile);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let template: string | null = null;
  if (adminUrl) {
    template = `quanzi_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    await migrate(database);
    await database.close();
  }
  project.provide("postgresTemplate", template);

  return async () => {
    fs.rmSync(dumpFile, { force: true });
    if (adminUrl && template) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
