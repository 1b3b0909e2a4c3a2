import { wallClockParts, wallTimeToInstant } from "../../../lib/dates.js";

export type PointsExpiryRule = { kind: "none" } | { kind: "months"; months: number } | { kind: "year_end" };

/** The local midnight that starts the given calendar day (month overflow rolls forward, as Date.UTC does). */
const localMidnight = (year: number, monthIndex: number, day: number, timeZone: string) =>
  new Date(wallTimeToInstant(Date.UTC(year, monthIndex, day), timeZone));

/**
 * When points earned at `earnedAt` expire, as the instant they stop being spendable:
 * - months: valid through the same day N months later (a 31st in a shorter month: its last day),
 *   so they expire at the local midnight after it;
 * - year_end: valid through 31 December of the year after the earning year (次年年底清零).
 */
export function pointsExpiryFor(rule: PointsExpiryRule, earnedAt: Date, timeZone: string): Date | null {
  if (rule.kind === "none") return null;
  const local = wallClockParts(earnedAt.getTime(), timeZone);
  if (rule.kind === "year_end") return localMidnight(local.year + 2, 0, 1, timeZone);
  const targetMonth = local.month - 1 + rule.months;
  const lastDayOfTarget = new Date(Date.UTC(local.year, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(local.day, lastDayOfTarget);
  return localMidnight(local.year, targetMonth, day + 1, timeZone);
}
