import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { randomDigits } from "../../../lib/tokens.js";

export type HeldPurchase = {
  merchantId: string;
  id: string;
  saleId: string;
  customerId: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  holdUntil: Date;
  idempotencyKey: string;
  requestHash: string;
  createdAt: Date;
  perMemberLimit: number | null;
  /** flash_sale.held's properties and source. */
  event: { properties: Record<string, unknown>; source: string };
};

export type HeldOutcome =
  | { kind: "held"; code: string; myUnits: number }
  | { kind: "twin" }
  | { kind: "limit_reached"; myUnits: number };

/**
 * Called holding the sale row's lock: in one statement, counts the member's held and confirmed
 * units (a fresh snapshot, taken after the lock, so every purchase of this sale that committed
 * before is seen), looks for a purchase under the same Idempotency-Key, and only when neither
 * stands in the way inserts the purchase and its flash_sale.held event. One round trip under the
 * lock instead of four is what sets how fast a sale's units go. A code clash (one in 10¹² per
 * stored code) draws again.
 */
export async function insertHeldPurchase(tx: Tx, p: HeldPurchase): Promise<HeldOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = randomDigits(12);
    const [row] = rowsOf<{ units: number; twin_id: string | null; inserted_id: string | null }>(
      await tx.execute(sql`with mine as (
          select coalesce(sum(quantity), 0)::int as units from flash_sale_purchases
          where merchant_id = ${p.merchantId} and sale_id = ${p.saleId} and customer_id = ${p.customerId}
            and status in ('held', 'confirmed')),
        twin as (
          select id from flash_sale_purchases
          where merchant_id = ${p.merchantId} and customer_id = ${p.customerId}
            and idempotency_key = ${p.idempotencyKey}),
        ins as (
          insert into flash_sale_purchases (merchant_id, id, sale_id, customer_id, code, quantity, unit_price,
            amount, status, hold_until, idempotency_key, request_hash, created_at)
          select ${p.merchantId}, ${p.id}, ${p.saleId}, ${p.customerId}, ${code}, ${p.quantity}, ${p.unitPrice},
            ${p.amount}, 'held', ${p.holdUntil.toISOString()}::timestamptz, ${p.idempotencyKey}, ${p.requestHash},
            ${p.createdAt.toISOString()}::timestamptz
          where not exists (select 1 from twin)
            and (${p.perMemberLimit}::int is null or (select units from mine) + ${p.quantity} <= ${p.perMemberLimit}::int)
          on conflict do nothing
          returning id),
        event as (
          insert into events (merchant_id, customer_id, type, properties, occurred_at, source)
          select ${p.merchantId}, ${p.customerId}, 'flash_sale.held', ${JSON.stringify(p.event.properties)}::jsonb,
            ${p.createdAt.toISOString()}::timestamptz, ${p.event.source} from ins)
        select (select units from mine) as units, (select id from twin) as twin_id, (select id from ins) as inserted_id`),
    );
    const myUnits = Number(row?.units ?? 0);
    if (row?.twin_id) return { kind: "twin" };
    if (row?.inserted_id) return { kind: "held", code, myUnits };
    if (p.perMemberLimit !== null && myUnits + p.quantity > p.perMemberLimit)
      return { kind: "limit_reached", myUnits };
  }
  throw new AppError("internal", "Could not draw a unique purchase code");
}
