import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { Actor } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { addDays, localDate } from "../../insight/conditions/local-days.js";
import { readMerchantTimeZone } from "../../insight/conditions/merchant-clock.js";
import { walletBalance } from "../ledger/wallet-balance.js";
import { earnPoints } from "../points/earn-points.js";
import { checkinViewOf, findCheckin, lockMemberCheckins } from "./checkin-rows.js";
import { readCheckinSettings } from "./checkin-settings.js";
import { issueRewardCoupon } from "./coupon-hook.js";
import type { CheckinView } from "./schemas.js";
import { rewardForStreak } from "./streak-rewards.js";
import { checkins } from "./tables.js";

export type CheckinContext = { now: Date; actor: Actor; source: string };
export type CheckinResult = { checkin: CheckinView; pointsAvailable: number };

export const checkinKey = (customerId: string, date: string) => `checkin:${customerId}:${date}`;

/**
 * Today's check-in (today in the merchant's time zone) and its streak reward. A second call the
 * same day, however close, is `already_done` and writes nothing: the member's check-ins are
 * serialised by a lock and the (merchant, customer, day) primary key backs it.
 */
export async function checkIn(
  tx: Tx,
  merchantId: string,
  customerId: string,
  context: CheckinContext,
): Promise<CheckinResult> {
  const settings = await readCheckinSettings(tx, merchantId);
  if (!settings.enabled) throw new AppError("unprocessable", "This shop has no daily check-in");
  const today = localDate(context.now, await readMerchantTimeZone(tx, merchantId));
  await lockMemberCheckins(tx, merchantId, customerId);
  if (await findCheckin(tx, merchantId, customerId, today)) {
    throw new AppError("already_done", "Already checked in today", { date: today });
  }
  const yesterday = await findCheckin(tx, merchantId, customerId, addDays(today, -1));
  const streak = (yesterday?.streakDay ?? 0) + 1;
  const reward = rewardForStreak(streak, settings);
  const [inserted] = await tx
    .insert(checkins)
    .values({
      merchantId,
      customerId,
      localDate: today,
      streakDay: streak,
      points: reward.points,
      coupon: reward.coupon,
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) throw new AppError("already_done", "Already checked in today", { date: today });
  let row = inserted;
  const key = checkinKey(customerId, today);
  if (reward.points > 0) {
    const earned = await earnPoints(tx, merchantId, {
      customerId,
      points: reward.points,
      idempotencyKey: key,
      reason: { code: "checkin" },
      source: "checkin",
      sourceRef: today,
      actor: context.actor,
      now: context.now,
    });
    const [updated] = await tx
      .update(checkins)
      .set({ ledgerEntryId: earned.entry.id })
      .where(
        and(
          eq(checkins.merchantId, merchantId),
          eq(checkins.customerId, customerId),
          eq(checkins.localDate, today),
        ),
      )
      .returning();
    if (updated) row = updated;
  }
  if (reward.coupon) {
    await issueRewardCoupon(tx, merchantId, {
      customerId,
      spec: reward.coupon,
      reason: "checkin",
      rewardKey: key,
      source: context.source,
    });
  }
  await recordEvent(tx, merchantId, {
    customerId,
    type: "checkin.done",
    properties: { date: today, streak, scheduleDay: reward.scheduleDay, points: reward.points },
    source: context.source,
  });
  const balance = await walletBalance(tx, merchantId, customerId, "points", context.now);
  return { checkin: checkinViewOf(row), pointsAvailable: balance.available };
}
