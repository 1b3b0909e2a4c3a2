import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { recordEvent } from "../../events/record-events.js";
import { addDays, localDate } from "../../insight/conditions/local-days.js";
import { readMerchantTimeZone } from "../../insight/conditions/merchant-clock.js";
import { walletBalance } from "../ledger/wallet-balance.js";
import { spendPoints } from "../points/spend-points.js";
import type { CheckinContext, CheckinResult } from "./check-in.js";
import { checkinViewOf, findCheckin, listCheckinsBetween, lockMemberCheckins } from "./checkin-rows.js";
import { readCheckinSettings } from "./checkin-settings.js";
import { monthBounds, recomputeStreaks } from "./streak-rewards.js";
import { checkins } from "./tables.js";

/**
 * A make-up check-in (补签) for a missed day: spends the make-up cost, records the day (no reward
 * of its own: the cost buys the streak back, so a make-up can never earn more than it costs) and
 * rewrites the streaks of the consecutive days after it, so the next check-in continues the
 * repaired streak. Points already earned by those days stay as they were.
 */
export async function makeUpCheckin(
  tx: Tx,
  merchantId: string,
  customerId: string,
  date: string,
  context: CheckinContext,
): Promise<CheckinResult> {
  const settings = await readCheckinSettings(tx, merchantId);
  if (!settings.enabled || !settings.makeup.enabled) {
    throw new AppError("unprocessable", "This shop has no make-up check-ins");
  }
  const today = localDate(context.now, await readMerchantTimeZone(tx, merchantId));
  const earliestDate = addDays(today, -settings.makeup.windowDays);
  if (date >= today || date < earliestDate) {
    throw new AppError("validation_failed", `A make-up reaches from ${earliestDate} to yesterday`, {
      issues: [{ path: "body.date", message: `between ${earliestDate} and ${addDays(today, -1)}` }],
      earliestDate,
    });
  }
  await lockMemberCheckins(tx, merchantId, customerId);
  if (await findCheckin(tx, merchantId, customerId, date)) {
    throw new AppError("already_done", `${date} is already checked in`, { date });
  }
  const used = await countMakeUpsInMonth(tx, merchantId, customerId, date.slice(0, 7));
  if (used >= settings.makeup.monthlyLimit) {
    throw new AppError("limit_reached", `Make-ups for ${date.slice(0, 7)} are used up`, {
      limit: settings.makeup.monthlyLimit,
      used,
    });
  }
  const cost = settings.makeup.costPoints;
  const spent =
    cost > 0
      ? await spendPoints(tx, merchantId, {
          customerId,
          points: cost,
          idempotencyKey: `checkin-makeup:${customerId}:${date}`,
          reason: { code: "checkin_makeup" },
          source: "checkin",
          sourceRef: date,
          actor: context.actor,
          now: context.now,
        })
      : null;
  const before = await findCheckin(tx, merchantId, customerId, addDays(date, -1));
  const streak = (before?.streakDay ?? 0) + 1;
  const [row] = await tx
    .insert(checkins)
    .values({
      merchantId,
      customerId,
      localDate: date,
      streakDay: streak,
      points: 0,
      madeUp: true,
      makeupCostPoints: cost,
      makeupEntryId: spent?.entry.id ?? null,
    })
    .returning();
  if (!row) throw new AppError("already_done", `${date} is already checked in`, { date });
  const repaired = await repairStreaksAfter(tx, merchantId, customerId, { date, streak }, today);
  await recordEvent(tx, merchantId, {
    customerId,
    type: "checkin.made_up",
    properties: { date, streak, cost, repairedDays: repaired },
    source: context.source,
  });
  const balance = await walletBalance(tx, merchantId, customerId, "points", context.now);
  return { checkin: checkinViewOf(row), pointsAvailable: balance.available };
}

async function countMakeUpsInMonth(tx: Tx, merchantId: string, customerId: string, month: string) {
  const { first, last } = monthBounds(month);
  const rows = await listCheckinsBetween(tx, merchantId, customerId, first, last);
  return rows.filter((r) => r.madeUp).length;
}

/** Rewrites the streaks of the days after a newly filled one; returns how many changed. */
async function repairStreaksAfter(
  tx: Tx,
  merchantId: string,
  customerId: string,
  filled: { date: string; streak: number },
  today: string,
): Promise<number> {
  const later = await listCheckinsBetween(tx, merchantId, customerId, addDays(filled.date, 1), today);
  const recomputed = recomputeStreaks(
    later.map((r) => r.localDate),
    filled,
  );
  let changed = 0;
  for (const [index, next] of recomputed.entries()) {
    if (later[index]?.streakDay === next.streak) continue;
    changed += 1;
    await tx
      .update(checkins)
      .set({ streakDay: next.streak })
      .where(
        and(
          eq(checkins.merchantId, merchantId),
          eq(checkins.customerId, customerId),
          eq(checkins.localDate, next.date),
        ),
      );
  }
  return changed;
}
