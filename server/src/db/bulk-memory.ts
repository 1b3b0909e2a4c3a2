import { sql } from "drizzle-orm";
import type { Db } from "./database.js";
import type { Tx } from "./tenant.js";

/**
 * Work memory for the rest of a transaction that aggregates a whole shop (full recompute,
 * re-evaluation, reconcile). With PostgreSQL's default 4 MB, hashing a million customers' orders
 * spills to disk in hundreds of batches; these passes run one at a time per shop, so a larger
 * budget for them alone is safe. See docs/operations.md.
 */
export const bulkWorkMem = "256MB";

export async function useBulkWorkMem(tx: Tx | Db): Promise<void> {
  await tx.execute(sql`select set_config('work_mem', ${bulkWorkMem}, true)`);
}
