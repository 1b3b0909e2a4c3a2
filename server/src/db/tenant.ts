import { sql } from "drizzle-orm";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type { Database, Db } from "./database.js";

/** A transaction handle; services take this (or a Db) and never open connections themselves. */
export type Tx = PgTransaction<never, never, never> & Db;

/**
 * Runs fn in a transaction scoped to one merchant. Row-level security sees only that merchant's
 * rows, as a second wall behind the service's own `merchant_id = …` conditions.
 */
export async function withMerchant<T>(database: Database, merchantId: string, fn: (tx: Tx) => Promise<T>) {
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
