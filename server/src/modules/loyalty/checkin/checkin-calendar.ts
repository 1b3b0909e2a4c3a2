import type { Tx } from "../../../db/tenant.js";
import { addDays, localDate } from "../../insight/conditions/local-days.js";
import { readMerchantTimeZone } from "../../insight/conditions/merchant-clock.js";
import { walletBalance } from "../ledger/wallet-balance.js";
import { checkinViewOf, findCheckin, listCheckinsBetween } from "./checkin-rows.js";
import { readCheckinSettings } from "./checkin-settings.js";
import type { CheckinCalendar } from "./schemas.js";
import { monthBounds, rewardForStreak, scheduleDayOf } from "./streak-rewards.js";

/** A member's month of check-ins with today's state, the streak and what the next days earn. */
export async function readCheckinCalendar(
  tx: Tx,
  merchantId: string,
  customerId: string,
  input: { month?: string; now: Date },
): Promise<CheckinCalendar> {
  const settings = await readCheckinSettings(tx, merchantId);
  const today = localDate(input.now, await readMerchantTimeZone(tx, merchantId));
  const month = input.month ?? today.slice(0, 7);
  const { first, last } = monthBounds(month);
  const days = await listCheckinsBetween(tx, merchantId, customerId, first, last);
  const todayRow = await findCheckin(tx, merchantId, customerId, today);
  const yesterdayRow = await findCheckin(tx, merchantId, customerId, addDays(today, -1));
  const streakBeforeToday = yesterdayRow?.streakDay ?? 0;
  const todayStreak = todayRow?.streakDay ?? streakBeforeToday + 1;
  const todayReward = todayRow
    ? {
        scheduleDay: scheduleDayOf(todayRow.streakDay, settings),
        points: todayRow.points,
        coupon: todayRow.coupon ?? null,
      }
    : rewardForStreak(todayStreak, settings);
  const balance = await walletBalance(tx, merchantId, customerId, "points", input.now);
  return {
    enabled: settings.enabled,
    month,
    today,
    checkedInToday: Boolean(todayRow),
    streak: todayRow ? todayRow.streakDay : streakBeforeToday,
    days: days.map(checkinViewOf),
    todayReward,
    nextReward: rewardForStreak(todayStreak + 1, settings),
    schedule: { cycleDays: settings.cycleDays, rewards: settings.rewards, afterCycle: settings.afterCycle },
    makeup: {
      ...settings.makeup,
      enabled: settings.enabled && settings.makeup.enabled,
      usedThisMonth: days.filter((d) => d.madeUp).length,
      earliestDate: addDays(today, -settings.makeup.windowDays),
    },
    pointsAvailable: balance.available,
  };
}
