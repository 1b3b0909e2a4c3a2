import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import type { Actor } from "../audit/record-audit.js";
import { requireLiveCustomerId } from "../customers/create-customer.js";
import { recordEvent } from "../events/record-events.js";
import { announceMemberGone } from "./chat/moderation.js";
import { acceptOpenInvitations } from "./open-invitations.js";
import type { JoinOutcome } from "./schemas.js";
import { communities, communityMembers, communityMembershipLog } from "./tables.js";
import { grantCommunityWelcome } from "./welcome-gift.js";

export type JoinInput = {
  communityId: string;
  customerId: string;
  /** The channel: member, livecode:<id>, link:<slug>, staff, import, invitation:<id>, member:confirmed … */
  source: string;
  staffId?: string | null;
  /** Set when the member accepted the rules while joining. */
  rulesAccepted?: boolean;
  actor?: Actor;
  now?: Date;
};

const systemActor: Actor = { kind: "system", name: "community" };

async function lockMembership(tx: Tx, merchantId: string, communityId: string, customerId: string) {
  const [row] = await tx
    .select({ status: communityMembers.status })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.merchantId, merchantId),
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.customerId, customerId),
      ),
    )
    .for("update");
  return row ?? null;
}

/**
 * Puts a customer into a community. The membership row is locked (or inserted) first, so the
 * same customer joining twice at once counts once; then one conditional update takes a seat
 * (`member_count < capacity`), so a full community never takes one more (409 community_full,
 * nothing written). Joining again while in is a no-op (joined: false). The welcome gift comes
 * with the first join ever only: a re-join after leaving finds the membership row and gets none.
 */
export async function joinCommunity(tx: Tx, merchantId: string, input: JoinInput): Promise<JoinOutcome> {
  const now = input.now ?? new Date();
  const customerId = await requireLiveCustomerId(tx, merchantId, input.customerId);
  const where = and(
    eq(communityMembers.merchantId, merchantId),
    eq(communityMembers.communityId, input.communityId),
    eq(communityMembers.customerId, customerId),
  );
  let current = await lockMembership(tx, merchantId, input.communityId, customerId);
  let firstJoin = false;
  if (!current) {
    await requireCommunityRow(tx, merchantId, input.communityId);
    // A parallel first join of the same customer waits here on the key and then finds its row.
    const inserted = await tx
      .insert(communityMembers)
      .values({
        merchantId,
        communityId: input.communityId,
        customerId,
        status: "joined",
        source: input.source,
        rulesAcceptedAt: input.rulesAccepted ? now : null,
        joinedAt: now,
      })
      .onConflictDoNothing()
      .returning({ customerId: communityMembers.customerId });
    firstJoin = inserted.length === 1;
    if (!firstJoin) current = await lockMembership(tx, merchantId, input.communityId, customerId);
  }
  if (current?.status === "joined") {
    if (input.rulesAccepted) {
      await tx
        .update(communityMembers)
        .set({
          rulesAcceptedAt: sql`coalesce(${communityMembers.rulesAcceptedAt}, ${now.toISOString()}::timestamptz)`,
        })
        .where(where);
    }
    const [seat] = await tx
      .select({ memberCount: communities.memberCount })
      .from(communities)
      .where(and(eq(communities.merchantId, merchantId), eq(communities.id, input.communityId)));
    return {
      communityId: input.communityId,
      customerId,
      joined: false,
      memberCount: seat?.memberCount ?? 0,
      welcome: null,
    };
  }
  const memberCount = await takeSeat(tx, merchantId, input.communityId);
  if (!firstJoin) {
    await tx
      .update(communityMembers)
      .set({
        status: "joined",
        source: input.source,
        joinedAt: now,
        leftAt: null,
        rulesAcceptedAt: input.rulesAccepted ? now : sql`${communityMembers.rulesAcceptedAt}`,
      })
      .where(where);
  }
  await tx.insert(communityMembershipLog).values({
    merchantId,
    communityId: input.communityId,
    customerId,
    action: "join",
    source: input.source,
    staffId: input.staffId ?? null,
    at: now,
  });
  await acceptOpenInvitations(tx, merchantId, input.communityId, customerId, now);
  await recordEvent(tx, merchantId, {
    customerId,
    type: "community.joined",
    properties: { communityId: input.communityId, source: input.source, firstJoin },
    occurredAt: now,
    source: input.staffId ? "admin" : "system",
  });
  const welcome = firstJoin
    ? await grantCommunityWelcome(tx, merchantId, {
        communityId: input.communityId,
        customerId,
        actor: input.actor ?? systemActor,
        now,
      })
    : null;
  return { communityId: input.communityId, customerId, joined: true, memberCount, welcome };
}

async function requireCommunityRow(tx: Tx, merchantId: string, communityId: string) {
  const [row] = await tx
    .select({ status: communities.status })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, communityId)));
  if (!row) throw notFound("Community");
  if (row.status !== "active") {
    throw new AppError("unprocessable", "This community is archived", { reason: "archived" });
  }
}

/** The one conditional update that keeps a community within its capacity. */
async function takeSeat(tx: Tx, merchantId: string, communityId: string): Promise<number> {
  const [row] = await tx
    .update(communities)
    .set({ memberCount: sql`${communities.memberCount} + 1` })
    .where(
      and(
        eq(communities.merchantId, merchantId),
        eq(communities.id, communityId),
        eq(communities.status, "active"),
        sql`(${communities.capacity} is null or ${communities.memberCount} < ${communities.capacity})`,
      ),
    )
    .returning({ memberCount: communities.memberCount });
  if (row) return row.memberCount;
  await requireCommunityRow(tx, merchantId, communityId);
  throw new AppError("community_full", "This community is full", { communityId });
}

export type LeaveInput = {
  communityId: string;
  customerId: string;
  /** leave: the member left; remove: staff took them out. */
  action: "leave" | "remove";
  source: string;
  staffId?: string | null;
  now?: Date;
};

/** Takes a member out and frees their seat; a customer who is not in is a no-op (left: false). */
export async function leaveCommunity(tx: Tx, merchantId: string, input: LeaveInput) {
  const now = input.now ?? new Date();
  const customerId = await requireLiveCustomerId(tx, merchantId, input.customerId);
  const current = await lockMembership(tx, merchantId, input.communityId, customerId);
  if (current?.status !== "joined") {
    const [row] = await tx
      .select({ id: communities.id })
      .from(communities)
      .where(and(eq(communities.merchantId, merchantId), eq(communities.id, input.communityId)));
    if (!row) throw notFound("Community");
    return { left: false };
  }
  await tx
    .update(communityMembers)
    .set({ status: input.action === "leave" ? "left" : "removed", leftAt: now })
    .where(
      and(
        eq(communityMembers.merchantId, merchantId),
        eq(communityMembers.communityId, input.communityId),
        eq(communityMembers.customerId, customerId),
      ),
    );
  await tx
    .update(communities)
    .set({ memberCount: sql`${communities.memberCount} - 1` })
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, input.communityId)));
  await tx.insert(communityMembershipLog).values({
    merchantId,
    communityId: input.communityId,
    customerId,
    action: input.action,
    source: input.source,
    staffId: input.staffId ?? null,
    at: now,
  });
  await recordEvent(tx, merchantId, {
    customerId,
    type: input.action === "leave" ? "community.left" : "community.removed",
    properties: { communityId: input.communityId },
    occurredAt: now,
    source: input.staffId ? "admin" : "member",
  });
  // Their chat sockets close on every server process, whether they left or were removed.
  await announceMemberGone(tx, merchantId, input.communityId, customerId);
  return { left: true };
}

/** Staff take a member out of a community (the member may be added back by staff later). */
export const removeMember = (
  tx: Tx,
  merchantId: string,
  input: { communityId: string; customerId: string; staffId?: string | null; now?: Date },
) => leaveCommunity(tx, merchantId, { ...input, action: "remove", source: "staff" });
