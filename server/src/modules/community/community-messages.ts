import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { getShopIdentity } from "../merchants/shop-identity.js";
import { sendMessages, sendWelcome } from "../messaging/send-messages.js";

const communityPath = (slug: string, communityId: string) => `/m/${slug}/community/${communityId}`;

/**
 * Tells an invited customer on their inbox. Promotional, so the guard's caps and quiet hours apply
 * and it may be held with its reason; once per invitation. A guard that finds no allowed time
 * leaves the invitation on the member page without a message.
 */
export async function sendInvitationMessage(
  tx: Tx,
  merchantId: string,
  input: { invitationId: string; communityId: string; communityName: string; customerId: string; now: Date },
): Promise<void> {
  const shop = await getShopIdentity(tx, merchantId);
  const english = shop.locale.startsWith("en");
  const name = input.communityName.slice(0, 60);
  try {
    await tx.transaction(async (sp) => {
      await sendMessages(
        sp as unknown as Tx,
        merchantId,
        {
          category: "promotional",
          title: english ? `You're invited to ${name}` : `邀请你加入「${name}」`,
          body: english
            ? `${shop.name} invites you to the community ${name}. Open it to see what it offers and join.`
            : `${shop.name}邀请你加入社群「${name}」，点开看看群里有什么，并加入。`,
          link: communityPath(shop.slug, input.communityId),
          source: { kind: "community_invitation", id: input.invitationId },
          customerIds: [input.customerId],
        },
        { now: input.now, dedupeKey: `community-invitation:${input.invitationId}` },
      );
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/** The community's welcome as a service message (the customer just joined): once per customer and community. */
export async function sendWelcomeMessage(
  tx: Tx,
  merchantId: string,
  input: { communityId: string; communityName: string; customerId: string; message: string; now: Date },
): Promise<void> {
  if (!input.message.trim()) return;
  const shop = await getShopIdentity(tx, merchantId);
  await sendWelcome(tx, merchantId, {
    customerId: input.customerId,
    title: input.communityName,
    text: input.message,
    link: communityPath(shop.slug, input.communityId),
    source: { kind: "community_welcome", id: input.communityId },
    dedupeKey: `community-welcome:${input.communityId}:${input.customerId}`,
    now: input.now,
  });
}
