// What each day of the check-in calendar shows, from the server's month (its "today" is the shop's,
// whatever the phone's zone). Pure, so the rules are unit-tested.
import type { CheckinCalendar } from "../../shared/api-types";

export type DayState = "checked" | "made_up" | "can_make_up" | "missed" | "today_open" | "future";

/** "YYYY-MM-DD" of a calendar cell (antd-mobile hands local midnights). */
export function ymdOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export const monthOf = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}`;

export function dayStateOf(date: string, calendar: CheckinCalendar): DayState {
  const checkin = calendar.days.find((d) => d.date === date);
  if (checkin) return checkin.madeUp ? "made_up" : "checked";
  if (date > calendar.today) return "future";
  if (date === calendar.today) return "today_open";
  return calendar.makeup.enabled && date >= calendar.makeup.earliestDate ? "can_make_up" : "missed";
}

export type StripDay = { day: number; points: number; coupon: boolean; reached: boolean; next: boolean };

/**
 * The reward schedule as a strip of days: days already reached in the current cycle are ticked and
 * the day the next check-in lands on is marked.
 */
export function rewardStrip(calendar: CheckinCalendar): StripDay[] {
  const { cycleDays, rewards } = calendar.schedule;
  const next = calendar.checkedInToday ? calendar.nextReward.scheduleDay : calendar.todayReward.scheduleDay;
  const reachedUpTo = calendar.checkedInToday ? calendar.todayReward.scheduleDay : next - 1;
  return Array.from({ length: cycleDays }, (_, i) => {
    const day = i + 1;
    const reward = rewards.find((r) => r.day === day);
    return {
      day,
      points: reward?.points ?? 0,
      coupon: Boolean(reward?.coupon),
      reached: day <= reachedUpTo && calendar.streak > 0,
      next: day === next,
    };
  });
}

/** Why a make-up cannot start, before asking the server (which decides anyway). */
export function makeUpBlocker(calendar: CheckinCalendar): "short" | "used_up" | null {
  if (calendar.makeup.usedThisMonth >= calendar.makeup.monthlyLimit) return "used_up";
  if (calendar.pointsAvailable < calendar.makeup.costPoints) return "short";
  return null;
}
