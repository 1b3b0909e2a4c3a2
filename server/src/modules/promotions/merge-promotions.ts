import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";

/**
 * A merged-away customer's promotions become the kept customer's: coupons (their codes stay valid
 * and count towards the kept customer's per-customer limits), redemptions and reservations (so a
 * refund still rolls back, and reports follow the person), and flash-sale purchases (their pickup
 * codes stay valid and count towards the kept customer's limits). A purchase whose idempotency key
 * the kept customer already used stays where it is, so neither answers for the other.
 */
export async function mergePromotions(tx: Tx, merchantId: string, duplicateId: string, keptId: string) {
  for (const table of ["coupons", "coupon_redemptions", "coupon_reservations"]) {
    await tx.execute(sql`update ${sql.identifier(table)} set customer_id = ${keptId}
      where merchant_id = ${merchantId} and customer_id = ${duplicateId}`);
  }
  await tx.execute(sql`update flash_sale_purchases p set customer_id = ${keptId}
    where p.merchant_id = ${merchantId} and p.customer_id = ${duplicateId}
      and not exists (select 1 from flash_sale_purchases k where k.merchant_id = ${merchantId}
                        and k.customer_id = ${keptId} and k.idempotency_key = p.idempotency_key)`);
}
