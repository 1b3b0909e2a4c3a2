import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import type { Actor } from "../audit/record-audit.js";
import { type CommunityBrief, communityColumns } from "./communities.js";
import { joinCommunity } from "./join-community.js";
import { listInvitations } from "./layer-invitations.js";
import { communityInvitations } from "./operations-tables.js";
import type { JoinOutcome, MemberCommunity } from "./schemas.js";
import { communities, communityMembers } from "./tables.js";
import { readCommunityWelcome } from "./welcome-gift.js";

type Listed = CommunityBrief & {
  membership: MemberCommunity["membership"];
  rulesAcceptedAt: Date | null;
  inAudience: boolean;
  invited: boolean;
};

/** Active communities with this member's membership, audience and open invitation. */
async function listForMember(tx: Tx, merchantId: string, customerId: string, communityId?: string) {
  return tx
    .select({
      ...communityColumns,
      membership: communityMembers.status,
      rulesAcceptedAt: communityMembers.rulesAcceptedAt,
      inAudience: sql<boolean>`(${communities.audience} is null
        or (${communities.audience}->>'kind' = 'segment' and exists (select 1 from segment_members sm
              where sm.merchant_id = ${merchantId} and sm.segment_id = (${communities.audience}->>'id')::uuid
              and sm.customer_id = ${customerId}::uuid))
        or (${communities.audience}->>'kind' = 'layer' and exists (select 1 from customer_layers cl
              where cl.merchant_id = ${merchantId} and cl.layer_id = (${communities.audience}->>'id')::uuid
              and cl.customer_id = ${customerId}::uuid)))`,
      invited: sql<boolean>`exists (select 1 from ${communityInvitations} i where i.merchant_id = ${merchantId}
        and i.community_id = ${communities.id} and i.customer_id = ${customerId}::uuid and i.status = 'pending')`,
    })
    .from(communities)
    .leftJoin(
      communityMembers,
      and(
        eq(communityMembers.merchantId, communities.merchantId),
        eq(communityMembers.communityId, communities.id),
        eq(communityMembers.customerId, customerId),
      ),
    )
    .where(
      and(
        eq(communities.merchantId, merchantId),
        eq(communities.status, "active"),
        communityId ? eq(communities.id, communityId) : undefined,
      ),
    )
    .orderBy(asc(communities.createdAt))
    .limit(200) as Promise<Listed[]>;
}

/** Channels staff made (live codes, short links) bring people to the community they chose. */
const isStaffChannel = (source: string | undefined) => !!source && /^(livecode|link):/.test(source);

function memberViewOf(
  row: Listed,
  slug: string,
  now: Date,
  welcome: MemberCommunity["welcome"],
): MemberCommunity {
  const full = row.capacity !== null && row.memberCount >= row.capacity;
  return {
    id: row.id,
    name: row.name,
    purpose: row.purpose,
    platform: row.platform,
    memberCount: row.memberCount,
    capacity: row.capacity,
    full,
    rules: row.rules,
    welcomeMessage: row.welcomeMessage,
    welcomePoints: row.welcomePoints,
    hasWelcomeCoupon: row.welcomeCouponTemplateId !== null,
    joinUrl: row.platform === "builtin" ? null : row.joinUrl,
    hasJoinQr: row.hasJoinQr,
    joinQrExpired: row.joinQrExpiresAt !== null && row.joinQrExpiresAt <= now,
    chatPath: row.platform === "builtin" ? `/m/${slug}/community/${row.id}/chat` : null,
    membership: row.membership,
    rulesAcceptedAt: row.rulesAcceptedAt,
    canJoin: row.membership !== "joined" && row.membership !== "removed" && (row.inAudience || row.invited),
    welcome,
  };
}

export async function getMemberCommunity(
  tx: Tx,
  merchantId: string,
  customerId: string,
  input: { communityId: string; slug: string; source?: string },
  now: Date,
): Promise<MemberCommunity> {
  const [row] = await listForMember(tx, merchantId, customerId, input.communityId);
  if (!row) throw notFound("Community");
  const welcome =
    row.membership === "joined"
      ? await readCommunityWelcome(tx, merchantId, row.id, customerId, row.welcomeMessage)
      : null;
  const view = memberViewOf(row, input.slug, now, welcome);
  if (isStaffChannel(input.source) && row.membership !== "joined" && row.membership !== "removed")
    view.canJoin = true;
  return view;
}

/** The member page's communities: mine, open to me, my invitations and what higher layers offer. */
export async function getMemberCommunityHome(
  tx: Tx,
  merchantId: string,
  customerId: string,
  slug: string,
  now: Date,
) {
  const rows = await listForMember(tx, merchantId, customerId);
  const mine = rows.filter((r) => r.membership === "joined").map((r) => memberViewOf(r, slug, now, null));
  const open = rows
    .filter((r) => r.membership !== "joined" && r.membership !== "removed" && (r.inAudience || r.invited))
    .map((r) => memberViewOf(r, slug, now, null));
  const invitations = await listInvitations(tx, merchantId, { limit: 20, status: "pending", customerId });
  return {
    mine,
    open,
    invitations: invitations.data,
    teasers: await listTeasers(tx, merchantId, customerId),
  };
}

/** Communities for layers above the member's own: their offer, shown as something to grow into. */
async function listTeasers(tx: Tx, merchantId: string, customerId: string) {
  return rowsOf<{
    id: string;
    name: string;
    layer_name: string;
    welcome_message: string;
    welcome_points: number | null;
    has_coupon: boolean;
  }>(
    await tx.execute(sql`select c.id, c.name, l.name as layer_name, c.welcome_message, c.welcome_points,
        c.welcome_coupon_template_id is not null as has_coupon
      from customer_layers cl
      join layers mine on mine.merchant_id = cl.merchant_id and mine.id = cl.layer_id
      join layers l on l.merchant_id = cl.merchant_id and l.position < mine.position
      join communities c on c.merchant_id = cl.merchant_id and c.status = 'active' and (
        (c.audience->>'kind' = 'layer' and (c.audience->>'id')::uuid = l.id)
        or exists (select 1 from community_layer_mappings m where m.merchant_id = c.merchant_id
          and m.community_id = c.id and m.layer_id = l.id))
      where cl.merchant_id = ${merchantId} and cl.customer_id = ${customerId}::uuid
      order by l.position desc limit 10`),
  ).map((r) => ({
    id: r.id,
    name: r.name,
    layerName: r.layer_name,
    welcomeMessage: r.welcome_message,
    welcomePoints: r.welcome_points,
    hasWelcomeCoupon: r.has_coupon,
  }));
}

/**
 * A member joins from the member page. The rules must be accepted (once), the community must be
 * open to them (its audience, an invitation, or a staff channel such as a live code), and a member
 * staff removed cannot put themselves back.
 */
export async function joinFromMemberPage(
  tx: Tx,
  merchantId: string,
  customerId: string,
  input: { communityId: string; acceptRules?: boolean; source?: string; confirmExternal?: boolean },
  context: { actor: Actor; now: Date },
): Promise<JoinOutcome> {
  const [row] = await listForMember(tx, merchantId, customerId, input.communityId);
  if (!row) throw notFound("Community");
  if (input.confirmExternal && row.platform === "builtin") {
    throw new AppError("unprocessable", "A built-in community is joined here, not confirmed", {
      reason: "builtin",
    });
  }
  if (row.membership === "removed") {
    throw new AppError("conflict", "Staff removed you from this community", { reason: "removed" });
  }
  if (row.membership !== "joined" && !row.inAudience && !row.invited && !isStaffChannel(input.source)) {
    throw new AppError("unprocessable", "This community is not open to you", { reason: "not_in_audience" });
  }
  if (row.rules.trim() && !row.rulesAcceptedAt && !input.acceptRules) {
    throw new AppError("unprocessable", "Accept the community rules to join", {
      reason: "rules_not_accepted",
    });
  }
  const source = input.source ?? (input.confirmExternal ? "member:confirmed" : "member");
  return joinCommunity(tx, merchantId, {
    communityId: input.communityId,
    customerId,
    source,
    rulesAccepted: input.acceptRules === true,
    actor: context.actor,
    now: context.now,
  });
}
