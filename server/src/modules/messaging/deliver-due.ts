import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withSystem } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { decideMessage } from "./guard-rules.js";
import { loadShopMessaging, type ShopMessaging } from "./message-settings.js";
import { loadPromotionalSlots, lockRecipients } from "./recipient-slots.js";
import { enqueueWebhooks } from "./send-messages.js";

type DueRow = {
  id: string;
  merchant_id: string;
  customer_id: string;
  send_id: string;
  category: "promotional" | "service";
  slot_at: Date | string;
};

/**
 * Delivers held messages whose time has come, re-checking the guard at `now` (settings may have
 * changed, or the shop's day may hold more than it did): each goes to the inbox or is held again
 * until its next allowed time. Claims rows with SKIP LOCKED, so two processes share the work.
 * Returns how many messages it looked at (less than `limit` means nothing more is due).
 */
export async function deliverDueMessages(database: Database, now: Date, limit = 500): Promise<number> {
  return withSystem(database, async (tx) => {
    const due = rowsOf<DueRow>(
      await tx.execute(sql`select id, merchant_id, customer_id, send_id, category, slot_at from messages
        where status = 'scheduled' and slot_at <= ${now.toISOString()}::timestamptz
        order by slot_at, id limit ${limit} for update skip locked`),
    );
    if (due.length === 0) return 0;
    const byMerchant = new Map<string, DueRow[]>();
    for (const row of due) byMerchant.set(row.merchant_id, [...(byMerchant.get(row.merchant_id) ?? []), row]);
    const shops = await loadShopMessaging(tx, [...byMerchant.keys()]);
    for (const [merchantId, rows] of [...byMerchant].sort(([a], [b]) => a.localeCompare(b))) {
      const shop = shops.get(merchantId);
      if (shop) await redecide(tx, merchantId, shop, rows, now);
    }
    return due.length;
  });
}

async function redecide(tx: Tx, merchantId: string, shop: ShopMessaging, rows: DueRow[], now: Date) {
  const customerIds = [...new Set(rows.map((r) => r.customer_id))];
  await lockRecipients(tx, merchantId, customerIds);
  const slotsByCustomer = await loadPromotionalSlots(tx, merchantId, customerIds, now);
  const outcomes: { id: string; send: string; delivered: boolean; slot: string; reason: string | null }[] =
    [];
  for (const row of rows) {
    const own = new Date(row.slot_at).getTime();
    const all = slotsByCustomer.get(row.customer_id) ?? [];
    // The message's own reserved slot does not count against itself.
    const index = all.findIndex((d) => d.getTime() === own);
    const others = index < 0 ? all : [...all.slice(0, index), ...all.slice(index + 1)];
    const decision = decideMessage({
      settings: shop.settings,
      timeZone: shop.timeZone,
      category: row.category,
      slots: others,
      now,
    });
    const slot = decision.action === "send" ? now : decision.until;
    slotsByCustomer.set(row.customer_id, [...others, slot]);
    outcomes.push({
      id: row.id,
      send: row.send_id,
      delivered: decision.action === "send",
      slot: slot.toISOString(),
      reason: decision.action === "send" ? null : decision.reason,
    });
  }
  await tx.execute(sql`
    update messages m set status = case when o.delivered then 'delivered' else 'scheduled' end,
      slot_at = o.slot, hold_reason = o.reason, delivered_at = case when o.delivered then o.slot end
    from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) as o(id uuid, delivered boolean, slot timestamptz, reason text)
    where m.merchant_id = ${merchantId} and m.id = o.id`);
  await tx.execute(sql`
    update message_sends s set delivered = s.delivered + o.n, scheduled = s.scheduled - o.n
    from (select send, count(*)::int as n from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
            as o(send uuid, delivered boolean) where o.delivered group by send) o
    where s.merchant_id = ${merchantId} and s.id = o.send`);
  if (shop.webhook) {
    await enqueueWebhooks(
      tx,
      merchantId,
      outcomes.filter((o) => o.delivered).map((o) => o.id),
    );
  }
}
