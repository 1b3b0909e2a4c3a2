import { wallClockParts, wallTimeToInstant } from "../../../lib/dates.js";

/** The calendar date ("YYYY-MM-DD") clocks in timeZone show at the instant. */
export function localDate(now: Date, timeZone: string): string {
  const p = wallClockParts(now.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant a local day starts (midnight in timeZone, not UTC). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(wallTimeToInstant(Date.UTC(y, m - 1, d), timeZone));
}
