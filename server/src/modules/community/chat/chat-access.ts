import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { isUuid } from "../../../lib/uuid-list.js";
import { communities, communityMembers } from "../tables.js";

/** Who is in the chat: a member (customer) of the community, or a staff member moderating it. */
export type ChatActor = { kind: "member"; customerId: string } | { kind: "staff"; staffId: string };

export type ChatCommunity = { id: string; name: string; rules: string; memberCount: number; status: string };

/** A built-in community of the shop; external communities (WeChat, QQ, …) have no chat here. */
export async function getChatCommunity(
  tx: Tx,
  merchantId: string,
  communityId: string,
): Promise<ChatCommunity> {
  if (!isUuid(communityId)) throw notFound("Community");
  const [row] = await tx
    .select({
      id: communities.id,
      name: communities.name,
      rules: communities.rules,
      memberCount: communities.memberCount,
      status: communities.status,
      platform: communities.platform,
    })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, communityId)));
  if (row?.platform !== "builtin") throw notFound("Community");
  return { id: row.id, name: row.name, rules: row.rules, memberCount: row.memberCount, status: row.status };
}

export type Membership = { rulesAcceptedAt: Date | null; mutedUntil: Date | null };

/** The member's current membership, refused unless they are in the community now. */
export async function requireMembership(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
): Promise<Membership> {
  const [row] = await tx
    .select({
      status: communityMembers.status,
      rulesAcceptedAt: communityMembers.rulesAcceptedAt,
      mutedUntil: communityMembers.mutedUntil,
    })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.merchantId, merchantId),
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.customerId, customerId),
      ),
    );
  if (row?.status !== "joined") throw new AppError("forbidden", "You are not a member of this community");
  return { rulesAcceptedAt: row.rulesAcceptedAt, mutedUntil: row.mutedUntil };
}

/** Opens the chat for an actor: staff see any built-in community of their shop, members only their own. */
export async function openChat(tx: Tx, merchantId: string, communityId: string, actor: ChatActor) {
  const community = await getChatCommunity(tx, merchantId, communityId);
  const membership =
    actor.kind === "member" ? await requireMembership(tx, merchantId, communityId, actor.customerId) : null;
  return { community, membership };
}
