import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";

/**
 * Runs whole-shop statements with nested loops off, then restores the setting. They join every
 * customer with their level row; without table statistics (PGlite never analyses by itself) the
 * planner takes a nested loop, quadratic in the customers. Needs a transaction (the setting is
 * transaction-local); on an error the transaction is rolled back, and the setting with it.
 */
export async function withHashJoins<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const [row] = rowsOf<{ previous: string }>(
    await tx.execute(
      sql`select current_setting('enable_nestloop') as previous, set_config('enable_nestloop', 'off', true)`,
    ),
  );
  const result = await fn();
  await tx.execute(sql`select set_config('enable_nestloop', ${row?.previous ?? "on"}, true)`);
  return result;
}
