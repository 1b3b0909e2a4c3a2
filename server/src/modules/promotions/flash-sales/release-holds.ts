import { sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { withSystem } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { recordEvents } from "../../events/record-events.js";
import { forgetUnitsLeft } from "./sale-admission.js";

const batchSize = 500;

type Released = { merchant_id: string; id: string; sale_id: string; customer_id: string; quantity: number };

/**
 * Releases every hold whose payment window ended by `now`, returning its units to the sale. Each
 * batch takes its purchases FOR UPDATE SKIP LOCKED and flips them held → released in one
 * statement, so two servers running the job at once (or a confirm racing it) never release the
 * same hold twice; the sale rows are then locked in key order, so two batches cannot deadlock.
 */
export async function releaseExpiredHolds(
  database: Database,
  now: Date,
  onlyMerchantId?: string,
): Promise<{ released: number; units: number }> {
  let released = 0;
  let units = 0;
  for (;;) {
    const batch = await withSystem(database, async (tx) => {
      const rows = rowsOf<Released>(
        await tx.execute(sql`with due as (
            select merchant_id, id from flash_sale_purchases
            where status = 'held' and hold_until <= ${now.toISOString()}::timestamptz
              ${onlyMerchantId ? sql`and merchant_id = ${onlyMerchantId}` : sql``}
            order by hold_until
            limit ${batchSize}
            for update skip locked)
          update flash_sale_purchases p
          set status = 'released', released_at = ${now.toISOString()}::timestamptz,
            release_reason = 'expired', settled_by_type = 'system', settled_by_name = 'flash_sales.release'
          from due where p.merchant_id = due.merchant_id and p.id = due.id
          returning p.merchant_id, p.id, p.sale_id, p.customer_id, p.quantity`),
      );
      if (rows.length === 0) return rows;
      const perSale = new Map<string, { merchantId: string; saleId: string; units: number }>();
      for (const r of rows) {
        const key = `${r.merchant_id}/${r.sale_id}`;
        const entry = perSale.get(key) ?? { merchantId: r.merchant_id, saleId: r.sale_id, units: 0 };
        entry.units += Number(r.quantity);
        perSale.set(key, entry);
      }
      const changes = sql`(select * from jsonb_to_recordset(${JSON.stringify([...perSale.values()])}::jsonb)
        as c("merchantId" uuid, "saleId" uuid, units int))`;
      await tx.execute(sql`select 1 from flash_sales s join ${changes} c
        on s.merchant_id = c."merchantId" and s.id = c."saleId"
        order by s.merchant_id, s.id for update of s`);
      await tx.execute(sql`update flash_sales s set held = s.held - c.units from ${changes} c
        where s.merchant_id = c."merchantId" and s.id = c."saleId"`);
      for (const change of perSale.values()) forgetUnitsLeft(change.merchantId, change.saleId);
      const byMerchant = new Map<string, Released[]>();
      for (const r of rows) byMerchant.set(r.merchant_id, [...(byMerchant.get(r.merchant_id) ?? []), r]);
      for (const [merchantId, list] of byMerchant) {
        await recordEvents(
          tx,
          merchantId,
          list.map((r) => ({
            customerId: r.customer_id,
            type: "flash_sale.released",
            properties: {
              purchaseId: r.id,
              saleId: r.sale_id,
              quantity: Number(r.quantity),
              reason: "expired",
            },
            occurredAt: now,
            source: "system",
          })),
        );
      }
      return rows;
    });
    released += batch.length;
    units += batch.reduce((sum, r) => sum + Number(r.quantity), 0);
    if (batch.length < batchSize) break;
  }
  return { released, units };
}
