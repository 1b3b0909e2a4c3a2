import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type pg from "pg";
import { AppError } from "../errors.js";
import type { Database, Db } from "./database.js";

/** A transaction handle; services take this (or a Db) and never open connections themselves. */
export type Tx = PgTransaction<never, never, never> & Db;

/**
 * Runs fn in a transaction scoped to one merchant. Row-level security sees only that merchant's
 * rows, as a second wall behind the service's own `merchant_id = …` conditions.
 */
export async function withMerchant<T>(database: Database, merchantId: string, fn: (tx: Tx) => Promise<T>) {
  if (database.pool) return withMerchantOnPool(database, database.pool, merchantId, fn);
  return database.db.transaction(async (tx) => {
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

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (!uuidPattern.test(merchantId)) throw new AppError("internal", "Merchant id is not a UUID");
  const role = database.appRole ? ", set_config('role', 'quanzi_app', true)" : "";
  const client = await pool.connect();
  try {
    await client.query(`begin; select set_config('quanzi.merchant_id', '${merchantId}', true)${role}`);
    const result = await fn(drizzle(client) as unknown as Tx);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
