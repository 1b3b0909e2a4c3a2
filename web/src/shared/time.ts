import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

export { type Dayjs, dayjs };

/** An instant shown on the merchant's wall clock: "2026-11-01 10:00". */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "—";
  return dayjs(iso).tz(timeZone).format("YYYY-MM-DD HH:mm");
}

export function formatDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "—";
  return dayjs(iso).tz(timeZone).format("YYYY-MM-DD");
}

/** Today's date in the merchant's time zone, which may differ from the browser's. */
export function todayIn(timeZone: string): Dayjs {
  return dayjs().tz(timeZone).startOf("day");
}

/** Start of a calendar day in the merchant's zone as an ISO instant (for from/to filters on instants). */
export function startOfDayIso(date: string, timeZone: string): string {
  return dayjs.tz(date, timeZone).startOf("day").toISOString();
}

export function endOfDayIso(date: string, timeZone: string): string {
  return dayjs.tz(date, timeZone).endOf("day").toISOString();
}

export const commonTimeZones = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "UTC",
];
