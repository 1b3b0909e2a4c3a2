import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { isUuid } from "../../../lib/uuid-list.js";
import { communityMembers } from "../tables.js";
import { getChatCommunity, requireMembership } from "./chat-access.js";
import { notifyChat } from "./chat-bus.js";
import { getMessageById } from "./chat-views.js";
import { communityChatMessages } from "./tables.js";

async function updateMessage(
  tx: Tx,
  merchantId: string,
  communityId: string,
  messageId: string,
  set: Partial<typeof communityChatMessages.$inferInsert>,
  now: Date,
) {
  await getChatCommunity(tx, merchantId, communityId);
  if (!isUuid(messageId)) throw notFound("Message");
  const [row] = await tx
    .update(communityChatMessages)
    .set(set)
    .where(
      and(
        eq(communityChatMessages.merchantId, merchantId),
        eq(communityChatMessages.communityId, communityId),
        eq(communityChatMessages.id, messageId),
      ),
    )
    .returning({ id: communityChatMessages.id });
  if (!row) throw notFound("Message");
  await notifyChat(tx, { e: "update", m: merchantId, c: communityId, id: messageId });
  const message = await getMessageById(tx, merchantId, messageId, now);
  if (!message) throw notFound("Message");
  return message;
}

/** Pins a message as an announcement (several may be pinned), or unpins it. */
export async function setMessagePinned(
  tx: Tx,
  merchantId: string,
  communityId: string,
  messageId: string,
  staffId: string,
  pinned: boolean,
  now: Date,
) {
  const message = await getMessageById(tx, merchantId, messageId, now);
  if (message?.deleted) throw new AppError("conflict", "A deleted message cannot be pinned");
  return updateMessage(
    tx,
    merchantId,
    communityId,
    messageId,
    pinned ? { pinnedAt: now, pinnedBy: staffId } : { pinnedAt: null, pinnedBy: null },
    now,
  );
}

/** Deletes a message for everyone: its content goes, a tombstone keeps the numbering. */
export async function deleteMessage(
  tx: Tx,
  merchantId: string,
  communityId: string,
  messageId: string,
  staffId: string,
  now: Date,
) {
  return updateMessage(
    tx,
    merchantId,
    communityId,
    messageId,
    {
      deletedAt: now,
      deletedBy: staffId,
      pinnedAt: null,
      pinnedBy: null,
      body: "",
      linkUrl: null,
      linkTitle: null,
    },
    now,
  );
}

/** Mutes a member for some minutes (0 lifts it); they still read, they cannot send. */
export async function muteMember(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
  minutes: number,
  now: Date,
) {
  await getChatCommunity(tx, merchantId, communityId);
  if (!isUuid(customerId)) throw notFound("Member");
  await requireMembership(tx, merchantId, communityId, customerId).catch(() => {
    throw notFound("Member");
  });
  const until = minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null;
  await tx
    .update(communityMembers)
    .set({ mutedUntil: until })
    .where(
      and(
        eq(communityMembers.merchantId, merchantId),
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.customerId, customerId),
      ),
    );
  return { customerId, mutedUntil: until };
}

/** The member accepts the community rules (on first open); idempotent, the first time is kept. */
export async function acceptRules(tx: Tx, merchantId: string, communityId: string, customerId: string) {
  await getChatCommunity(tx, merchantId, communityId);
  await requireMembership(tx, merchantId, communityId, customerId);
  await tx
    .update(communityMembers)
    .set({ rulesAcceptedAt: sql`coalesce(${communityMembers.rulesAcceptedAt}, now())` })
    .where(
      and(
        eq(communityMembers.merchantId, merchantId),
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.customerId, customerId),
      ),
    );
}

/**
 * Closes a removed or departed member's chat sockets on every server process. The community
 * service calls this in the transaction that removes them (see docs/architecture.md).
 */
export async function announceMemberGone(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
) {
  await notifyChat(tx, { e: "removed", m: merchantId, c: communityId, u: customerId });
}
