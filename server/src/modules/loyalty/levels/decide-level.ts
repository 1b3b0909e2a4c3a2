import { localDate, startOfLocalDay } from "../../insight/conditions/local-days.js";

/** The index of the highest level whose threshold the growth reaches (thresholds ascending, the first 0). */
export function levelIndexFor(thresholds: readonly number[], growth: number): number {
  let index = 0;
  for (const [i, threshold] of thresholds.entries()) if (growth >= threshold) index = i;
  return index;
}

/**
 * Why a placement runs: `upgrade` moves only up (orders, points; at once), `schedule` also moves
 * down where the protection period has passed, `settings` puts everyone where the ladder says.
 */
export type PlacementMode = "upgrade" | "schedule" | "settings";

/** Where a customer goes: null when they stay. */
export function decideLevelIndex(input: {
  current: { index: number; protectedUntil: Date | null } | null;
  target: number;
  mode: PlacementMode;
  now: Date;
}): number | null {
  const { current, target, mode, now } = input;
  if (!current) return target;
  if (target > current.index) return target;
  if (target === current.index) return null;
  if (mode === "settings") return target;
  if (mode === "schedule" && (!current.protectedUntil || current.protectedUntil <= now)) return target;
  return null;
}

/** Weighted growth: ¥ of net spend × spend weight % + points × points weight %, rounded down. */
export function weightedGrowth(spentFen: number, points: number, spendWeight: number, pointsWeight: number) {
  return Math.floor((spentFen * spendWeight + points * pointsWeight * 100) / 10_000);
}

/**
 * The first instant of a rolling 12-month window ending now: local midnight of the same calendar
 * date a year ago in the shop's zone (29 February falls back to the 28th), so an order counts for
 * a year and a day of local dates at most, whatever the UTC offset.
 */
export function rollingWindowStart(now: Date, timeZone: string): Date {
  const [y, m, d] = localDate(now, timeZone).split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const date = `${y - 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
  return startOfLocalDay(date, timeZone);
}
