import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type pg from "pg";
import { AppError } from "../errors.js";
import { isUuid } from "../lib/uuid-list.js";
import type { Database, Db } from "./database.js";

/** A transaction handle; services take this (or a Db) and never open connections themselves. */
export type Tx = PgTransaction<never, never, never> & Db;

/**
 * Runs fn in a transaction scoped to one merchant. Row-level security sees only that merchant's
 * rows, as a second wall behind the service's own `merchant_id = …` conditions.
 */
export async function withMerchant<T>(database: Database, merchantId: string, fn: (tx: Tx) => Promise<T>) {
  if (database.pool) return withMerchantOnPool(database, database.pool, merchantId, fn);
  return withMerchantEmbedded(database, merchantId, false, fn);
}

/** Transactions on the embedded database (PGlite), which has no named statements of its own. */
const embeddedTransactions = new WeakSet<object>();

export function isEmbeddedTransaction(tx: Tx): boolean {
  return embeddedTransactions.has(tx);
}

function withMerchantEmbedded<T>(
  database: Database,
  merchantId: string,
  readOnly: boolean,
  fn: (tx: Tx) => Promise<T>,
) {
  return database.db.transaction(async (tx) => {
    embeddedTransactions.add(tx);
    if (readOnly) await tx.execute(sql`set transaction read only`);
    if (database.appRole) {
      await tx.execute(
        sql`select set_config('quanzi.merchant_id', ${merchantId}, true), set_config('role', 'quanzi_app', true)`,
      );
    } else {
      await tx.execute(sql`select set_config('quanzi.merchant_id', ${merchantId}, true)`);
    }
    return fn(tx as unknown as Tx);
  });
}

/**
 * Runs fn in a transaction that may cross merchants: authentication look-ups, the job runner,
 * setup. Keep its uses few and named for what they do.
 */
export async function withSystem<T>(database: Database, fn: (tx: Tx) => Promise<T>) {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('quanzi.system', 'on', true)`);
    return fn(tx as unknown as Tx);
  });
}

/** The merchant each read-pool connection currently serves (a session setting, unlike withMerchant's). */
const servedMerchant = new WeakMap<pg.PoolClient, string>();
const drizzleOfClient = new WeakMap<pg.PoolClient, Tx>();

/**
 * Runs read-only work for one merchant. On PostgreSQL it borrows a connection from the read pool,
 * whose connections are read-only and keep the merchant (and the quanzi_app role) as session
 * settings: a read is one round trip, with no begin or commit, whenever the connection already
 * serves that merchant, and one more when it switches. Each statement sees its own snapshot, so
 * use withMerchant when several reads must agree or anything is written. On PGlite it is a
 * read-only withMerchant transaction.
 */
export async function readAsMerchant<T>(
  database: Database,
  merchantId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const pool = database.readPool;
  if (!pool) return withMerchantEmbedded(database, merchantId, true, fn);
  if (!isUuid(merchantId)) throw new AppError("internal", "Merchant id is not a UUID");
  const client = await pool.connect();
  try {
    if (servedMerchant.get(client) !== merchantId) {
      servedMerchant.delete(client);
      const role = database.appRole ? ", set_config('role', 'quanzi_app', false)" : "";
      await client.query(`select set_config('quanzi.merchant_id', '${merchantId}', false)${role}`);
      servedMerchant.set(client, merchantId);
    }
    return await fn(drizzleOf(client));
  } finally {
    client.release();
  }
}

const clientOfDrizzle = new WeakMap<Tx, pg.PoolClient>();

function drizzleOf(client: pg.PoolClient): Tx {
  let db = drizzleOfClient.get(client);
  if (!db) {
    db = drizzle(client) as unknown as Tx;
    drizzleOfClient.set(client, db);
    clientOfDrizzle.set(db, client);
  }
  return db;
}

/** The pooled connection under a PostgreSQL transaction handle (none on PGlite). */
export const pooledClientOf = (tx: Tx): pg.PoolClient | undefined => clientOfDrizzle.get(tx);

/**
 * On PostgreSQL the transaction opens and sets the merchant in one round trip (a simple-protocol
 * batch, so the id is inlined — after checking it is a UUID), which matters for short reads.
 */
async function withMerchantOnPool<T>(
  database: Database,
  pool: pg.Pool,
  merchantId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!isUuid(merchantId)) throw new AppError("internal", "Merchant id is not a UUID");
  const role = database.appRole ? ", set_config('role', 'quanzi_app', true)" : "";
  const client = await pool.connect();
  try {
    await client.query(`begin; select set_config('quanzi.merchant_id', '${merchantId}', true)${role}`);
    const result = await fn(drizzleOf(client));
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
