import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { renderCard } from "./chat-cards.js";
import type { ChatMessage } from "./schemas.js";
import type { ChatCardRef, ChatMessageKind } from "./tables.js";

type MessageRow = {
  id: string;
  community_id: string;
  seq: string | number;
  author_kind: "member" | "staff";
  customer_id: string | null;
  staff_id: string | null;
  author_name: string | null;
  customer_phone: string | null;
  kind: ChatMessageKind;
  body: string;
  link_url: string | null;
  link_title: string | null;
  image_id: string | null;
  card: ChatCardRef | null;
  pinned_at: string | Date | null;
  deleted_at: string | Date | null;
  created_at: string | Date;
};

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/** A member's display name: their name, else 会员 and the phone's last four digits. */
function memberName(name: string | null, phone: string | null): string {
  if (name?.trim()) return name.trim();
  return phone ? `会员${phone.slice(-4)}` : "会员";
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Messages with their authors' names and their cards as they read now. */
export async function selectMessages(
  tx: Tx,
  merchantId: string,
  where: ReturnType<typeof sql>,
  order: "asc" | "desc",
  limit: number,
  now: Date,
): Promise<ChatMessage[]> {
  const rows = rowsOf<MessageRow>(
    await tx.execute(sql`
      select m.id, m.community_id, m.seq, m.author_kind, m.customer_id, m.staff_id, m.kind, m.body,
        m.link_url, m.link_title, m.image_id, m.card, m.pinned_at, m.deleted_at, m.created_at,
        coalesce(c.name, u.name) as author_name, c.phone as customer_phone
      from community_chat_messages m
      left join customers c on c.merchant_id = m.merchant_id and c.id = m.customer_id
      left join staff s on s.merchant_id = m.merchant_id and s.id = m.staff_id
      left join users u on u.id = s.user_id
      where m.merchant_id = ${merchantId} and ${where}
      order by m.seq ${order === "asc" ? sql`asc` : sql`desc`}
      limit ${limit}`),
  );
  const messages: ChatMessage[] = [];
  for (const row of rows) {
    const deleted = row.deleted_at !== null;
    messages.push({
      id: row.id,
      communityId: row.community_id,
      seq: Number(row.seq),
      author: {
        kind: row.author_kind,
        id: (row.customer_id ?? row.staff_id) as string,
        name:
          row.author_kind === "member"
            ? memberName(row.author_name, row.customer_phone)
            : (row.author_name ?? "Staff"),
      },
      kind: row.kind,
      body: deleted ? "" : row.body,
      link:
        !deleted && row.link_url
          ? { url: row.link_url, title: row.link_title || hostOf(row.link_url) }
          : null,
      imageId: deleted ? null : row.image_id,
      card: !deleted && row.card ? await renderCard(tx, merchantId, row.card, now) : null,
      pinnedAt: row.pinned_at === null ? null : asDate(row.pinned_at),
      deleted,
      createdAt: asDate(row.created_at),
    });
  }
  return messages;
}

export async function getMessageById(tx: Tx, merchantId: string, messageId: string, now: Date) {
  const [message] = await selectMessages(tx, merchantId, sql`m.id = ${messageId}`, "desc", 1, now);
  return message ?? null;
}

/** History newest first: `seq < cursor`, stable while messages arrive because seq is in commit order. */
export async function listHistory(
  tx: Tx,
  merchantId: string,
  communityId: string,
  query: { limit: number; cursor?: string; after?: number },
  now: Date,
) {
  if (query.after !== undefined) {
    const data = await selectMessages(
      tx,
      merchantId,
      sql`m.community_id = ${communityId} and m.seq > ${query.after}`,
      "asc",
      query.limit,
      now,
    );
    const last = data.at(-1);
    return { data, nextCursor: data.length === query.limit && last ? String(last.seq) : null };
  }
  const before = query.cursor === undefined ? null : Number(query.cursor);
  const rows = await selectMessages(
    tx,
    merchantId,
    before === null
      ? sql`m.community_id = ${communityId}`
      : sql`m.community_id = ${communityId} and m.seq < ${before}`,
    "desc",
    query.limit + 1,
    now,
  );
  const data = rows.slice(0, query.limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > query.limit && last ? String(last.seq) : null };
}

export async function listPinned(tx: Tx, merchantId: string, communityId: string, now: Date) {
  return selectMessages(
    tx,
    merchantId,
    sql`m.community_id = ${communityId} and m.pinned_at is not null and m.deleted_at is null`,
    "desc",
    20,
    now,
  );
}
