import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { type HoldReason, holdText } from "./guard-rules.js";
import type { Message, MessageListFilter, Send } from "./schemas.js";
import type { MessageCard, MessageCategory, MessageStatus, SendStatus } from "./tables.js";

type MessageRow = {
  id: string;
  send_id: string;
  customer_id: string;
  customer_name: string | null;
  category: MessageCategory;
  status: MessageStatus;
  title: string;
  body: string;
  link: string | null;
  card: MessageCard | null;
  source_kind: string;
  source_id: string | null;
  slot_at: Date | string;
  hold_reason: HoldReason | null;
  delivered_at: Date | string | null;
  read_at: Date | string | null;
  created_at: Date | string;
  time_zone: string;
};

const dateOrNull = (d: Date | string | null) => (d === null ? null : new Date(d));

function toMessage(r: MessageRow): Message {
  const until = new Date(r.slot_at);
  return {
    id: r.id,
    sendId: r.send_id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    category: r.category,
    status: r.status,
    title: r.title,
    body: r.body,
    link: r.link,
    card: r.card,
    source: { kind: r.source_kind, id: r.source_id },
    hold: r.hold_reason
      ? { reason: r.hold_reason, until, text: holdText(r.hold_reason, until, r.time_zone) }
      : null,
    deliveredAt: dateOrNull(r.delivered_at),
    readAt: dateOrNull(r.read_at),
    createdAt: new Date(r.created_at),
  };
}

/** The outbox: messages newest first, with why and until when held ones wait. */
export async function listMessages(tx: Tx, merchantId: string, filter: MessageListFilter, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const conditions = [sql`m.merchant_id = ${merchantId}`];
  if (filter.status) conditions.push(sql`m.status = ${filter.status}`);
  if (filter.category) conditions.push(sql`m.category = ${filter.category}`);
  if (filter.customerId) conditions.push(sql`m.customer_id = ${filter.customerId}`);
  if (filter.sendId) conditions.push(sql`m.send_id = ${filter.sendId}`);
  if (filter.sourceKind) conditions.push(sql`s.source_kind = ${filter.sourceKind}`);
  if (after) conditions.push(sql`(m.created_at, m.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = rowsOf<MessageRow>(
    await tx.execute(sql`
      select m.id, m.send_id, m.customer_id, c.name as customer_name, m.category, m.status, s.title, s.body,
             s.link, s.card, s.source_kind, s.source_id, m.slot_at, m.hold_reason, m.delivered_at, m.read_at,
             m.created_at, mer.time_zone
        from messages m
        join message_sends s on s.merchant_id = m.merchant_id and s.id = m.send_id
        join customers c on c.merchant_id = m.merchant_id and c.id = m.customer_id
        join merchants mer on mer.id = m.merchant_id
       where ${sql.join(conditions, sql` and `)}
       order by m.created_at desc, m.id desc
       limit ${page.limit + 1}`),
  ).map(toMessage);
  return toPage(rows, page.limit, (m) => ({ at: m.createdAt.toISOString(), id: m.id }));
}

type SendRow = {
  id: string;
  category: MessageCategory;
  title: string;
  body: string;
  link: string | null;
  card: MessageCard | null;
  source_kind: string;
  source_id: string | null;
  audience: { kind: "segment"; id: string } | null;
  status: SendStatus;
  recipients: number;
  delivered: number;
  scheduled: number;
  created_by_name: string | null;
  created_at: Date | string;
};

const toSend = (r: SendRow): Send => ({
  id: r.id,
  category: r.category,
  title: r.title,
  body: r.body,
  link: r.link,
  card: r.card,
  source: { kind: r.source_kind, id: r.source_id },
  audience: r.audience,
  status: r.status,
  recipients: r.recipients,
  delivered: r.delivered,
  scheduled: r.scheduled,
  createdBy: r.created_by_name,
  createdAt: new Date(r.created_at),
});

const sendColumns = sql`id, category, title, body, link, card, source_kind, source_id, audience, status, recipients,
  delivered, scheduled, created_by_name, created_at`;

export async function listSends(tx: Tx, merchantId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const keyset = after ? sql`and (created_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  const rows = rowsOf<SendRow>(
    await tx.execute(sql`select ${sendColumns} from message_sends where merchant_id = ${merchantId} ${keyset}
      order by created_at desc, id desc limit ${page.limit + 1}`),
  ).map(toSend);
  return toPage(rows, page.limit, (s) => ({ at: s.createdAt.toISOString(), id: s.id }));
}

export async function getSend(tx: Tx, merchantId: string, id: string): Promise<Send> {
  const [row] = rowsOf<SendRow>(
    await tx.execute(
      sql`select ${sendColumns} from message_sends where merchant_id = ${merchantId} and id = ${id}`,
    ),
  );
  if (!row) throw notFound("Send");
  return toSend(row);
}
