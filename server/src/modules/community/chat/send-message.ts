import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { type ChatActor, openChat } from "./chat-access.js";
import { notifyChat } from "./chat-bus.js";
import { checkCardRef } from "./chat-cards.js";
import { getMessageById } from "./chat-views.js";
import { findBlockedWord, readChatSettings } from "./keyword-filter.js";
import { advanceReadCursor } from "./read-state.js";
import type { ChatMessage, SendMessageInput } from "./schemas.js";
import { type ChatMessageOrigin, communityChatImages, communityChatMessages } from "./tables.js";

/** Takes the community's next message number; the counter row's lock orders concurrent sends. */
async function nextSeq(tx: Tx, merchantId: string, communityId: string): Promise<number> {
  const rows = rowsOf<{ last_seq: string | number }>(
    await tx.execute(sql`
      insert into community_chats (merchant_id, community_id, last_seq) values (${merchantId}, ${communityId}, 1)
      on conflict (merchant_id, community_id) do update set last_seq = community_chats.last_seq + 1
      returning last_seq`),
  );
  return Number(rows[0]?.last_seq);
}

/** Refuses what a member may not send: before accepting the rules, while muted, ads, staff-only kinds. */
async function checkMemberMessage(
  tx: Tx,
  merchantId: string,
  input: SendMessageInput,
  rules: string,
  membership: { rulesAcceptedAt: Date | null; mutedUntil: Date | null },
  now: Date,
) {
  if (rules.trim() && !membership.rulesAcceptedAt) {
    throw new AppError("rules_not_accepted", "Read and accept the community rules first");
  }
  if (membership.mutedUntil && membership.mutedUntil > now) {
    throw new AppError("muted", "You are muted in this community", { until: membership.mutedUntil });
  }
  if (input.kind === "card" || input.pin)
    throw new AppError("forbidden", "Only staff post cards and announcements");
  const texts = [input.body];
  if (input.kind === "link") texts.push(input.url, input.title ?? "");
  const { blockedWords } = await readChatSettings(tx, merchantId);
  const word = findBlockedWord(texts, blockedWords);
  if (word) {
    throw new AppError("message_blocked", `The message contains a blocked word: ${word}`, {
      reason: "blocked_word",
      word,
    });
  }
}

/**
 * Writes a message and announces it (NOTIFY on commit) to every server process. Members must be
 * in the community, have accepted its rules and not be muted; their text passes the ad filter.
 */
export async function sendChatMessage(
  tx: Tx,
  merchantId: string,
  communityId: string,
  actor: ChatActor,
  input: SendMessageInput,
  now: Date,
  origin: ChatMessageOrigin | null = null,
): Promise<ChatMessage> {
  const { community, membership } = await openChat(tx, merchantId, communityId, actor);
  if (community.status !== "active") throw new AppError("conflict", "The community is archived");
  if (actor.kind === "member" && membership) {
    await checkMemberMessage(tx, merchantId, input, community.rules, membership, now);
  }
  if (input.kind === "image") {
    const [image] = await tx
      .select({ id: communityChatImages.id })
      .from(communityChatImages)
      .where(
        and(
          eq(communityChatImages.merchantId, merchantId),
          eq(communityChatImages.id, input.imageId),
          eq(communityChatImages.communityId, communityId),
        ),
      );
    if (!image) throw notFound("Image");
  }
  if (input.kind === "card") await checkCardRef(tx, merchantId, input.card, now);
  const seq = await nextSeq(tx, merchantId, communityId);
  const [row] = await tx
    .insert(communityChatMessages)
    .values({
      merchantId,
      communityId,
      seq,
      authorKind: actor.kind,
      customerId: actor.kind === "member" ? actor.customerId : null,
      staffId: actor.kind === "staff" ? actor.staffId : null,
      kind: input.kind,
      body: input.body,
      linkUrl: input.kind === "link" ? input.url : null,
      linkTitle: input.kind === "link" ? (input.title ?? null) : null,
      imageId: input.kind === "image" ? input.imageId : null,
      card: input.kind === "card" ? input.card : null,
      origin,
      pinnedAt: input.pin ? now : null,
      pinnedBy: input.pin && actor.kind === "staff" ? actor.staffId : null,
      createdAt: now,
    })
    .returning({ id: communityChatMessages.id });
  if (!row) throw new AppError("internal", "Message not written");
  if (actor.kind === "member") await advanceReadCursor(tx, merchantId, communityId, actor.customerId, seq);
  await notifyChat(tx, { e: "message", m: merchantId, c: communityId, id: row.id });
  const message = await getMessageById(tx, merchantId, row.id, now);
  if (!message) throw new AppError("internal", "Message not found after writing it");
  return message;
}
