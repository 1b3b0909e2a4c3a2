import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { type ChatActor, openChat } from "./chat-access.js";
import { listPinned } from "./chat-views.js";
import { countUnread } from "./read-state.js";
import type { ChatInfo } from "./schemas.js";

async function lastSeqOf(tx: Tx, merchantId: string, communityId: string): Promise<number> {
  const rows = rowsOf<{ last_seq: string | number }>(
    await tx.execute(
      sql`select last_seq from community_chats where merchant_id = ${merchantId} and community_id = ${communityId}`,
    ),
  );
  return Number(rows[0]?.last_seq ?? 0);
}

/** What the chat screen opens with: the community and its rules, pinned announcements, the member's state. */
export async function getChatInfo(
  tx: Tx,
  merchantId: string,
  communityId: string,
  actor: ChatActor,
  now: Date,
): Promise<ChatInfo> {
  const { community, membership } = await openChat(tx, merchantId, communityId, actor);
  const pinned = await listPinned(tx, merchantId, communityId, now);
  const lastSeq = await lastSeqOf(tx, merchantId, communityId);
  let me: ChatInfo["me"] = null;
  if (actor.kind === "member" && membership) {
    const [read] = await countUnread(tx, merchantId, actor.customerId, communityId);
    me = {
      customerId: actor.customerId,
      lastReadSeq: read?.lastReadSeq ?? 0,
      unread: read?.unread ?? 0,
      rulesAccepted: !community.rules.trim() || membership.rulesAcceptedAt !== null,
      mutedUntil: membership.mutedUntil && membership.mutedUntil > now ? membership.mutedUntil : null,
    };
  }
  return {
    community: {
      id: community.id,
      name: community.name,
      rules: community.rules,
      memberCount: community.memberCount,
    },
    pinned,
    lastSeq,
    me,
  };
}

/** Built-in communities staff can open the chat of, with how far each has got. */
export async function listChatCommunities(tx: Tx, merchantId: string) {
  const rows = rowsOf<{
    id: string;
    name: string;
    member_count: number;
    last_seq: string | number;
    status: string;
  }>(
    await tx.execute(sql`
      select c.id, c.name, c.member_count, c.status, coalesce(ch.last_seq, 0) as last_seq
      from communities c
      left join community_chats ch on ch.merchant_id = c.merchant_id and ch.community_id = c.id
      where c.merchant_id = ${merchantId} and c.platform = 'builtin'
      order by c.status, c.created_at desc, c.id
      limit 500`),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    memberCount: Number(r.member_count),
    lastSeq: Number(r.last_seq),
    status: r.status,
  }));
}
