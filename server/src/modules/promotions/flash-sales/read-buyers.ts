import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { usedKeyOf } from "./allocate-units.js";

export type Buyer = { customerId: string; idempotencyKey: string };

/**
 * For buyers of one sale, in one statement: the purchase each one's Idempotency-Key already made
 * (under usedKeyOf) and the units each holds or bought of the sale.
 */
export async function readBuyers(tx: Tx, merchantId: string, saleId: string, buyers: readonly Buyer[]) {
  const pairs = buyers.map((b) => ({ c: b.customerId, k: b.idempotencyKey }));
  const rows = rowsOf<{ c: string; k: string; used_id: string | null; units: number }>(
    await tx.execute(sql`
      select b.c, b.k,
        (select p.id from flash_sale_purchases p where p.merchant_id = ${merchantId}::uuid
           and p.customer_id = b.c and p.idempotency_key = b.k) as used_id,
        (select coalesce(sum(p.quantity), 0)::int from flash_sale_purchases p
         where p.merchant_id = ${merchantId}::uuid and p.sale_id = ${saleId}::uuid
           and p.customer_id = b.c and p.status in ('held', 'confirmed')) as units
      from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as b(c uuid, k text)`),
  );
  const usedKeys = new Map<string, string>();
  const unitsOf = new Map<string, number>();
  for (const row of rows) {
    if (row.used_id) usedKeys.set(usedKeyOf(row.c, row.k), row.used_id);
    unitsOf.set(row.c, row.units);
  }
  return { usedKeys, unitsOf };
}
