import { wallClockParts, wallTimeToInstant } from "../../../lib/dates.js";

const datesByMinute = new Map<string, string>();

/**
 * The calendar date ("YYYY-MM-DD") clocks in timeZone show at the instant. Every rule compiled
 * inside an order asks, so answers are kept per zone and minute (time zones move in whole minutes).
 */
export function localDate(now: Date, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(now.getTime() / 60_000)}`;
  let date = datesByMinute.get(key);
  if (date === undefined) {
    const p = wallClockParts(now.getTime(), timeZone);
    date = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
    if (datesByMinute.size >= 1_000) datesByMinute.clear();
    datesByMinute.set(key, date);
  }
  return date;
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
