import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { prepareStatementsOn } from "./statement-cache.js";

export type Db = PgDatabase<PgQueryResultHKT>;
export type DatabaseKind = "pglite" | "postgres";

/** The one handle services receive: a Drizzle database plus the raw client for infrastructure. */
export type Database = {
  kind: DatabaseKind;
  db: Db;
  /** Raw parameterised query outside any tenant context (migrations, job runner, bulk load). */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** True when the database can switch to the quanzi_app role, so RLS applies even to a superuser login. */
  appRole: boolean;
  pglite?: PGlite;
  pool?: pg.Pool;
  /** PostgreSQL only: read-only connections that keep one merchant as a session setting (see readAsMerchant). */
  readPool?: pg.Pool;
  close(): Promise<void>;
};

export type OpenOptions = {
  databaseUrl?: string;
  dataDir?: string;
  inMemory?: boolean;
  poolSize?: number;
  /** An embedded database to start from (a PGlite data-directory dump), e.g. a migrated template in tests. */
  loadDataDir?: Blob;
};

// bigint (int8) columns hold money in 分 and counts; they fit in a JS number for any real shop.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl ? await openPostgres(options) : await openPglite(options);
  return database;
}

async function openPostgres(options: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  pool.on("connect", prepareStatementsOn);
  // An idle client that lost its connection is replaced on next use.
  pool.on("error", () => {});
  const readPool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    options: "-c default_transaction_read_only=on",
  });
  readPool.on("connect", prepareStatementsOn);
  readPool.on("error", () => {});
  const db = drizzlePg(pool) as unknown as Db;
  const database: Database = {
    kind: "postgres",
    db,
    pool,
    readPool,
    appRole: false,
    async query(text, params) {
      const result = await pool.query(text, params as unknown[]);
      return result.rows;
    },
    close: async () => {
      await Promise.all([pool.end(), readPool.end()]);
    },
  };
  return database;
}

async function openPglite(options: OpenOptions): Promise<Database> {
  let dataPath: string | undefined;
  if (!options.inMemory) {
    const dir = options.dataDir ?? "./data";
    dataPath = path.join(dir, "pgdata");
    fs.mkdirSync(dataPath, { recursive: true });
  }
  const client = dataPath
    ? await PGlite.create(dataPath, { loadDataDir: options.loadDataDir })
    : await PGlite.create({ loadDataDir: options.loadDataDir });
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: "pglite",
    db,
    pglite: client,
    appRole: false,
    async query(text, params) {
      const result = await client.query(text, params as unknown[]);
      return result.rows as never[];
    },
    close: () => client.close(),
  };
}

/** After migrations: can this login act as quanzi_app (superuser, or granted the role)? */
export async function detectAppRole(database: Database): Promise<boolean> {
  const rows = await database.query<{ usable: boolean }>(
    `select case when exists (select 1 from pg_roles where rolname = 'quanzi_app')
       then pg_has_role(current_user, 'quanzi_app', 'MEMBER') else false end as usable`,
  );
  database.appRole = rows[0]?.usable === true;
  return database.appRole;
}
