import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";

/**
 * The merchant's time zone, read in the caller's transaction (the merchants module's getMerchant
 * opens its own connection, which a hook inside an order transaction must not do).
 */
export async function readMerchantTimeZone(tx: Tx, merchantId: string): Promise<string> {
  const rows = rowsOf<{ time_zone: string }>(
    await tx.execute(sql`select time_zone from merchants where id = ${merchantId}`),
  );
  const row = rows[0];
  if (!row) throw notFound("Merchant");
  return row.time_zone;
}
