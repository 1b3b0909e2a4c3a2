import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import type { InboxMessage } from "./schemas.js";
import type { MessageCard, MessageCategory } from "./tables.js";

type InboxRow = {
  id: string;
  category: MessageCategory;
  title: string;
  body: string;
  link: string | null;
  card: MessageCard | null;
  delivered_at: Date | string;
  read_at: Date | string | null;
};

const toInbox = (r: InboxRow): InboxMessage => ({
  id: r.id,
  category: r.category,
  title: r.title,
  body: r.body,
  link: r.link,
  card: r.card,
  deliveredAt: new Date(r.delivered_at),
  readAt: r.read_at === null ? null : new Date(r.read_at),
});

const inboxSelect = sql`select m.id, m.category, s.title, s.body, s.link, s.card, m.delivered_at, m.read_at
  from messages m join message_sends s on s.merchant_id = m.merchant_id and s.id = m.send_id`;

/** A member's delivered messages, newest first; held ones stay out until they are delivered. */
export async function listInbox(tx: Tx, merchantId: string, customerId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const keyset = after
    ? sql`and (m.delivered_at, m.id) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : sql``;
  const rows = rowsOf<InboxRow>(
    await tx.execute(sql`${inboxSelect}
      where m.merchant_id = ${merchantId} and m.customer_id = ${customerId} and m.status = 'delivered' ${keyset}
      order by m.delivered_at desc, m.id desc limit ${page.limit + 1}`),
  ).map(toInbox);
  return toPage(rows, page.limit, (m) => ({ at: m.deliveredAt.toISOString(), id: m.id }));
}

export async function countUnread(tx: Tx, merchantId: string, customerId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from messages
      where merchant_id = ${merchantId} and customer_id = ${customerId} and status = 'delivered' and read_at is null`),
  );
  return row?.n ?? 0;
}

export async function getInboxMessage(
  tx: Tx,
  merchantId: string,
  customerId: string,
  id: string,
): Promise<InboxMessage> {
  const [row] = rowsOf<InboxRow>(
    await tx.execute(sql`${inboxSelect}
      where m.merchant_id = ${merchantId} and m.customer_id = ${customerId} and m.id = ${id}
        and m.status = 'delivered'`),
  );
  if (!row) throw notFound("Message");
  return toInbox(row);
}

/** Marks one message read (or all with id null); reading twice keeps the first time. */
export async function markRead(
  tx: Tx,
  merchantId: string,
  customerId: string,
  id: string | null,
  now: Date,
): Promise<number> {
  if (id) await getInboxMessage(tx, merchantId, customerId, id);
  const one = id ? sql`and id = ${id}` : sql``;
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`update messages set read_at = ${now.toISOString()}::timestamptz
      where merchant_id = ${merchantId} and customer_id = ${customerId} and status = 'delivered'
        and read_at is null ${one} returning id`),
  );
  return rows.length;
}
