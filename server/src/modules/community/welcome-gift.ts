import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import type { Actor } from "../audit/record-audit.js";
import { recordEvent } from "../events/record-events.js";
import { earnPoints } from "../loyalty/points/earn-points.js";
import { issueRewardCoupon } from "../promotions/coupons/reward-coupons.js";
import { sendWelcomeMessage } from "./community-messages.js";
import { communityWelcomes } from "./operations-tables.js";
import type { JoinOutcome } from "./schemas.js";
import { communities } from "./tables.js";

export const communityWelcomeKey = (communityId: string, customerId: string) =>
  `community-welcome:${communityId}:${customerId}`;

/**
 * The welcome a first join earns: the message (also sent to the inbox), and the community's points and coupon. The
 * community_welcomes key makes it once per customer and community; the ledger and issue keys make
 * a retried transaction (or a racing one) give nothing twice. A coupon that cannot be issued
 * (paused, out of stock, at the limit) is recorded with its reason and the points still stand.
 */
export async function grantCommunityWelcome(
  tx: Tx,
  merchantId: string,
  input: { communityId: string; customerId: string; actor: Actor; now: Date },
): Promise<NonNullable<JoinOutcome["welcome"]>> {
  const [community] = await tx
    .select({
      name: communities.name,
      welcomeMessage: communities.welcomeMessage,
      welcomePoints: communities.welcomePoints,
      welcomeCouponTemplateId: communities.welcomeCouponTemplateId,
    })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, input.communityId)));
  const message = community?.welcomeMessage ?? "";
  const claimed = await tx
    .insert(communityWelcomes)
    .values({
      merchantId,
      communityId: input.communityId,
      customerId: input.customerId,
      grantedAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ customerId: communityWelcomes.customerId });
  if (claimed.length === 0)
    return readCommunityWelcome(tx, merchantId, input.communityId, input.customerId, message);
  if (community) {
    await sendWelcomeMessage(tx, merchantId, {
      communityId: input.communityId,
      communityName: community.name,
      customerId: input.customerId,
      message,
      now: input.now,
    });
  }
  const key = communityWelcomeKey(input.communityId, input.customerId);
  let points: number | null = null;
  let ledgerEntryId: string | null = null;
  if (community?.welcomePoints) {
    const result = await earnPoints(tx, merchantId, {
      customerId: input.customerId,
      points: community.welcomePoints,
      idempotencyKey: key,
      reason: { code: "community_welcome" },
      source: "community",
      sourceRef: input.communityId,
      actor: input.actor,
      now: input.now,
    });
    points = community.welcomePoints;
    ledgerEntryId = result.entry.id;
  }
  let couponIds: string[] = [];
  let couponRefusal: string | null = null;
  if (community?.welcomeCouponTemplateId) {
    const outcome = await issueRewardCoupon(tx, merchantId, {
      customerId: input.customerId,
      templateId: community.welcomeCouponTemplateId,
      quantity: 1,
      issueKey: key,
      source: "trigger:community_welcome",
    });
    if (outcome.issued) couponIds = outcome.coupons.map((c) => c.id);
    else couponRefusal = outcome.reason;
  }
  await tx
    .update(communityWelcomes)
    .set({ points, ledgerEntryId, couponIds, couponRefusal })
    .where(welcomeWhere(merchantId, input.communityId, input.customerId));
  if (points || couponIds.length > 0) {
    await recordEvent(tx, merchantId, {
      customerId: input.customerId,
      type: "community.welcome_granted",
      properties: { communityId: input.communityId, points, couponIds, couponRefusal },
      occurredAt: input.now,
      source: "system",
    });
  }
  return { message, points, couponIds, couponRefusal };
}

const welcomeWhere = (merchantId: string, communityId: string, customerId: string) =>
  and(
    eq(communityWelcomes.merchantId, merchantId),
    eq(communityWelcomes.communityId, communityId),
    eq(communityWelcomes.customerId, customerId),
  );

/** What the customer's first join gave them (null when they never joined). */
export async function readCommunityWelcome(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
  message: string,
): Promise<NonNullable<JoinOutcome["welcome"]>> {
  const [row] = await tx
    .select()
    .from(communityWelcomes)
    .where(welcomeWhere(merchantId, communityId, customerId));
  return {
    message,
    points: row?.points ?? null,
    couponIds: row?.couponIds ?? [],
    couponRefusal: row?.couponRefusal ?? null,
  };
}
