import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../lib/uuid-list.js";

/** Longest look-back any cap needs: a local week, plus a day for the widest offset. */
const lookBackMs = 8 * 24 * 3_600_000;

/**
 * Locks one row per customer (made on first use), in id order so parallel sends never deadlock.
 * Whoever holds the lock sees every promotional message sent to those customers before it.
 */
export async function lockRecipients(tx: Tx, merchantId: string, customerIds: readonly string[]) {
  const ids = uuidArrayLiteral(customerIds);
  await tx.execute(sql`insert into message_recipients (merchant_id, customer_id)
    select ${merchantId}::uuid, c from unnest(${ids}::uuid[]) c order by c
    on conflict do nothing`);
  await tx.execute(sql`select customer_id from message_recipients
    where merchant_id = ${merchantId} and customer_id = any(${ids}::uuid[])
    order by customer_id for update`);
}

/** Slots (delivery or due times) of the customers' promotional messages that a cap may still count. */
export async function loadPromotionalSlots(
  tx: Tx,
  merchantId: string,
  customerIds: readonly string[],
  now: Date,
): Promise<Map<string, Date[]>> {
  const rows = rowsOf<{ customer_id: string; slot_at: Date | string }>(
    await tx.execute(sql`select customer_id, slot_at from messages
      where merchant_id = ${merchantId} and customer_id = any(${uuidArrayLiteral(customerIds)}::uuid[])
        and category = 'promotional'
        and slot_at >= ${new Date(now.getTime() - lookBackMs).toISOString()}::timestamptz`),
  );
  const slots = new Map<string, Date[]>();
  for (const r of rows) {
    const list = slots.get(r.customer_id) ?? [];
    list.push(new Date(r.slot_at));
    slots.set(r.customer_id, list);
  }
  return slots;
}
