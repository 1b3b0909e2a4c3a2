import { addDays } from "../../insight/conditions/local-days.js";
import type { CouponSpec } from "./coupon-spec.js";
import type { AfterCycle, StreakReward } from "./tables.js";

export type RewardSchedule = { cycleDays: number; rewards: StreakReward[]; afterCycle: AfterCycle };

/**
 * Which day of the schedule a streak earns. After the cycle the schedule either starts again at
 * day 1 (restart) or keeps paying its last day (keep_last).
 */
export function scheduleDayOf(
  streak: number,
  schedule: Pick<RewardSchedule, "cycleDays" | "afterCycle">,
): number {
  if (streak <= schedule.cycleDays) return streak;
  return schedule.afterCycle === "restart" ? ((streak - 1) % schedule.cycleDays) + 1 : schedule.cycleDays;
}

/** The points and coupon a check-in with this streak earns; a day without an entry earns nothing. */
export function rewardForStreak(
  streak: number,
  schedule: RewardSchedule,
): { scheduleDay: number; points: number; coupon: CouponSpec | null } {
  const scheduleDay = scheduleDayOf(streak, schedule);
  const reward = schedule.rewards.find((r) => r.day === scheduleDay);
  return { scheduleDay, points: reward?.points ?? 0, coupon: reward?.coupon ?? null };
}

/**
 * Streaks of a run of check-ins (dates ascending) given the streak of the day before the first
 * one (0 when that day has none): each day continues the previous one if it is the next calendar
 * day, else starts at 1.
 */
export function recomputeStreaks(
  dates: string[],
  before: { date: string; streak: number },
): { date: string; streak: number }[] {
  const out: { date: string; streak: number }[] = [];
  let previous = before;
  for (const date of dates) {
    const streak = date === nextDay(previous.date) ? previous.streak + 1 : 1;
    previous = { date, streak };
    out.push(previous);
  }
  return out;
}

export const nextDay = (date: string): string => addDays(date, 1);

/** Whole days from a to b ("YYYY-MM-DD"), positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** First and last day of the month "YYYY-MM". */
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}
