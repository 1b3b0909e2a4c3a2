import { wallClockParts, wallTimeToInstant } from "../../lib/dates.js";
import type { RepeatKind } from "./tables.js";

export type Recurrence = {
  repeat: RepeatKind;
  /** "YYYY-MM-DD": the one-off's date, or the first date a series may run. */
  startDate: string;
  endDate: string | null;
  /** "HH:MM" on the shop's clock. */
  localTime: string;
  /** weekly: 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
};

const dayMs = 86_400_000;

function instantOn(dayUtc: number, localTime: string, timeZone: string): number {
  const [h, m] = localTime.split(":").map(Number);
  return wallTimeToInstant(dayUtc + (h ?? 0) * 3_600_000 + (m ?? 0) * 60_000, timeZone);
}

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * The runs of a schedule at or after `from` and before `to` (epoch ms), oldest first, at most
 * `limit`. Dates and the time of day are the shop's wall clock, so a run at 20:00 stays at 20:00
 * local whatever the UTC date.
 */
export function runsBetween(
  rule: Recurrence,
  timeZone: string,
  from: number,
  to: number,
  limit = 1000,
): number[] {
  const start = dayOf(rule.startDate);
  if (rule.repeat === "once") {
    const at = instantOn(start, rule.localTime, timeZone);
    return at >= from && at < to ? [at] : [];
  }
  const end = rule.endDate ? dayOf(rule.endDate) : Number.POSITIVE_INFINITY;
  const local = wallClockParts(from, timeZone);
  // Start a day early: the local date of `from` may be a day behind its UTC date.
  let day = Math.max(start, Date.UTC(local.year, local.month - 1, local.day) - dayMs);
  const runs: number[] = [];
  while (day <= end && runs.length < limit) {
    const weekday = new Date(day).getUTCDay();
    if (rule.repeat === "daily" || rule.weekdays.includes(weekday)) {
      const at = instantOn(day, rule.localTime, timeZone);
      if (at >= to) break;
      if (at >= from) runs.push(at);
    }
    day += dayMs;
  }
  return runs;
}

/** The first run at or after `from`, or null when the schedule has none left. */
export function nextRun(rule: Recurrence, timeZone: string, from: number): number | null {
  // Weekly rules run at least once in any 8 days; a one-off is found directly.
  const runs = runsBetween(rule, timeZone, from, Number.POSITIVE_INFINITY, 1);
  return runs[0] ?? null;
}
