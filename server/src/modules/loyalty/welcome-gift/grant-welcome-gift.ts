import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { Actor } from "../../audit/record-audit.js";
import { hasCustomerEvents } from "../../events/list-events.js";
import { recordEvent } from "../../events/record-events.js";
import { issueRewardCoupon } from "../checkin/coupon-hook.js";
import { earnPoints } from "../points/earn-points.js";
import type { WelcomeGiftView } from "./schemas.js";
import { type WelcomeGiftTrigger, welcomeGifts } from "./tables.js";
import { readWelcomeGiftSettings } from "./welcome-gift-settings.js";

export type WelcomeGiftOutcome =
  | { granted: true; gift: WelcomeGiftView }
  | {
      granted: false;
      reason: "disabled" | "trigger_off" | "channel_not_listed" | "already_granted" | "not_first_login";
    };

type GiftRow = typeof welcomeGifts.$inferSelect;

export const welcomeGiftKey = (customerId: string) => `welcome:${customerId}`;

export function welcomeGiftViewOf(row: GiftRow): WelcomeGiftView {
  return {
    customerId: row.customerId,
    trigger: row.trigger,
    channel: row.channel,
    points: row.points,
    items: row.items,
    coupon: row.coupon ?? null,
    ledgerEntryId: row.ledgerEntryId,
    grantedAt: row.grantedAt.toISOString(),
  };
}

/**
 * The new-member gift (新人礼), once per member: the (merchant, customer) primary key decides
 * which of several parallel triggers wins, and the points carry the idempotency key
 * `welcome:<customerId>`. A trigger the shop has not switched on, or a channel it does not list,
 * grants nothing (and leaves the gift for a later trigger that does apply).
 */
export async function grantWelcomeGift(
  tx: Tx,
  merchantId: string,
  customerId: string,
  trigger: WelcomeGiftTrigger,
  actor: Actor,
  options: { channel?: string | null; source?: string } = {},
): Promise<WelcomeGiftOutcome> {
  const settings = await readWelcomeGiftSettings(tx, merchantId);
  if (!settings.enabled) return { granted: false, reason: "disabled" };
  if (!settings.triggers.includes(trigger)) return { granted: false, reason: "trigger_off" };
  const channel = trigger === "channel" ? (options.channel ?? null) : null;
  if (
    trigger === "channel" &&
    (!channel || (settings.channels.length > 0 && !settings.channels.includes(channel)))
  ) {
    return { granted: false, reason: "channel_not_listed" };
  }
  const [inserted] = await tx
    .insert(welcomeGifts)
    .values({
      merchantId,
      customerId,
      trigger,
      channel,
      points: settings.points,
      items: settings.items,
      coupon: settings.coupon,
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) return { granted: false, reason: "already_granted" };
  let row = inserted;
  const source = options.source ?? "system";
  if (settings.points > 0) {
    const earned = await earnPoints(tx, merchantId, {
      customerId,
      points: settings.points,
      idempotencyKey: welcomeGiftKey(customerId),
      reason: { code: "welcome_gift" },
      source: "welcome_gift",
      sourceRef: trigger,
      actor,
    });
    const [updated] = await tx
      .update(welcomeGifts)
      .set({ ledgerEntryId: earned.entry.id })
      .where(and(eq(welcomeGifts.merchantId, merchantId), eq(welcomeGifts.customerId, customerId)))
      .returning();
    if (updated) row = updated;
  }
  if (settings.coupon) {
    // The first-order discount coupon: issued by the promotions issue (5) through this hook.
    await issueRewardCoupon(tx, merchantId, {
      customerId,
      spec: settings.coupon,
      reason: "welcome_gift",
      rewardKey: welcomeGiftKey(customerId),
      source,
    });
  }
  await recordEvent(tx, merchantId, {
    customerId,
    type: "welcome_gift.granted",
    properties: { trigger, channel, points: row.points, items: row.items, coupon: row.coupon },
    source,
  });
  return { granted: true, gift: welcomeGiftViewOf(row) };
}

/**
 * For the order path: call inside the order transaction when the order is the customer's first
 * (the order module knows that). Grants only when the shop's gift is on for first orders.
 */
export function grantFirstOrderWelcomeGift(
  tx: Tx,
  merchantId: string,
  customerId: string,
  actor: Actor,
): Promise<WelcomeGiftOutcome> {
  return grantWelcomeGift(tx, merchantId, customerId, "first_order", actor, { source: "order" });
}

/**
 * For the member-page login, called after the login's `member.logged_in` event is recorded: only
 * the member's first login ever counts (a customer known from orders or an import joins the
 * membership on their first login too). Through a `?channel=` link it counts as a channel join
 * when the shop gives the gift for that channel, otherwise as the first login.
 */
export async function grantWelcomeGiftOnLogin(
  tx: Tx,
  merchantId: string,
  customerId: string,
  channel: string | undefined,
): Promise<WelcomeGiftOutcome> {
  if (await hasCustomerEvents(tx, merchantId, customerId, "member.logged_in", 2)) {
    return { granted: false, reason: "not_first_login" };
  }
  const actor: Actor = { kind: "member", merchantId, customerId };
  if (channel) {
    const outcome = await grantWelcomeGift(tx, merchantId, customerId, "channel", actor, {
      channel,
      source: "member",
    });
    if (outcome.granted || outcome.reason === "already_granted" || outcome.reason === "disabled")
      return outcome;
  }
  return grantWelcomeGift(tx, merchantId, customerId, "first_login", actor, { source: "member" });
}

export async function findWelcomeGift(
  tx: Tx,
  merchantId: string,
  customerId: string,
): Promise<WelcomeGiftView | null> {
  const [row] = await tx
    .select()
    .from(welcomeGifts)
    .where(and(eq(welcomeGifts.merchantId, merchantId), eq(welcomeGifts.customerId, customerId)));
  return row ? welcomeGiftViewOf(row) : null;
}
