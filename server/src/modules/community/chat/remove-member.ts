import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { isUuid } from "../../../lib/uuid-list.js";
import { communities, communityMembers, communityMembershipLog } from "../tables.js";
import { getChatCommunity } from "./chat-access.js";
import { announceMemberGone } from "./moderation.js";

/**
 * Staff remove a member from the chat's community and their sockets close on every process.
 * TODO(lead, at merge): the membership change belongs to the community service — replace the
 * three writes below with `removeMember(tx, merchantId, { communityId, customerId, staffId, now })`
 * from community/join-community.ts, keeping the announceMemberGone call (or move that call into
 * leaveCommunity so a member who leaves by themselves is disconnected too).
 */
export async function removeChatMember(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
  staffId: string,
  now: Date,
) {
  await getChatCommunity(tx, merchantId, communityId);
  if (!isUuid(customerId)) throw notFound("Member");
  const where = and(
    eq(communityMembers.merchantId, merchantId),
    eq(communityMembers.communityId, communityId),
    eq(communityMembers.customerId, customerId),
    eq(communityMembers.status, "joined"),
  );
  const [removed] = await tx
    .update(communityMembers)
    .set({ status: "removed", leftAt: now })
    .where(where)
    .returning({ customerId: communityMembers.customerId });
  if (!removed) throw notFound("Member");
  await tx
    .update(communities)
    .set({ memberCount: sql`${communities.memberCount} - 1` })
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, communityId)));
  await tx.insert(communityMembershipLog).values({
    merchantId,
    communityId,
    customerId,
    action: "remove",
    source: "staff",
    staffId,
    at: now,
  });
  await announceMemberGone(tx, merchantId, communityId, customerId);
  return { customerId, removed: true };
}
