import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";

/** Moves the member's read cursor forward (never back, never past the last message). */
export async function advanceReadCursor(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
  seq: number,
): Promise<number> {
  const rows = rowsOf<{ last_read_seq: string | number }>(
    await tx.execute(sql`
      insert into community_chat_reads (merchant_id, community_id, customer_id, last_read_seq)
      select ${merchantId}, ${communityId}, ${customerId},
        least(${seq}::bigint, coalesce((select last_seq from community_chats
          where merchant_id = ${merchantId} and community_id = ${communityId}), 0))
      on conflict (merchant_id, community_id, customer_id) do update
        set last_read_seq = greatest(community_chat_reads.last_read_seq, excluded.last_read_seq), updated_at = now()
      returning last_read_seq`),
  );
  return Number(rows[0]?.last_read_seq ?? 0);
}

export type UnreadRow = {
  communityId: string;
  name: string;
  unread: number;
  lastSeq: number;
  lastReadSeq: number;
};

/** Unread messages per community the member is in: others' messages after their read cursor. */
export async function countUnread(
  tx: Tx,
  merchantId: string,
  customerId: string,
  communityId?: string,
): Promise<UnreadRow[]> {
  const rows = rowsOf<{
    id: string;
    name: string;
    last_seq: string | number;
    last_read_seq: string | number;
    unread: string | number;
  }>(
    await tx.execute(sql`
      select c.id, c.name, coalesce(ch.last_seq, 0) as last_seq, coalesce(r.last_read_seq, 0) as last_read_seq,
        (select count(*) from community_chat_messages m
          where m.merchant_id = cm.merchant_id and m.community_id = cm.community_id
            and m.seq > coalesce(r.last_read_seq, 0) and m.deleted_at is null
            and m.customer_id is distinct from cm.customer_id) as unread
      from community_members cm
      join communities c on c.merchant_id = cm.merchant_id and c.id = cm.community_id and c.platform = 'builtin'
      left join community_chats ch on ch.merchant_id = cm.merchant_id and ch.community_id = cm.community_id
      left join community_chat_reads r on r.merchant_id = cm.merchant_id and r.community_id = cm.community_id
        and r.customer_id = cm.customer_id
      where cm.merchant_id = ${merchantId} and cm.customer_id = ${customerId} and cm.status = 'joined'
        ${communityId ? sql`and cm.community_id = ${communityId}` : sql``}
      order by c.name, c.id`),
  );
  return rows.map((r) => ({
    communityId: r.id,
    name: r.name,
    unread: Number(r.unread),
    lastSeq: Number(r.last_seq),
    lastReadSeq: Number(r.last_read_seq),
  }));
}
