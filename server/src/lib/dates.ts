/**
 * Reads the date formats shops export ("2026-11-01T10:00:00+08:00", "2026-11-01 10:00[:00]",
 * "2026/11/01 10:00", "2026-11-01", "20261101", "2026年11月1日 10:00") as an instant. A time
 * without a zone is wall-clock time in `timeZone` (the merchant's). Returns epoch ms, or null.
 */
export function parseShopDate(input: string, timeZone: string): number | null {
  const text = input.trim();
  const match = shopDatePattern.exec(text);
  if (!match?.groups) return null;
  const g = match.groups;
  const year = Number(g.y ?? g.cy ?? g.iy);
  const month = Number(g.m ?? g.cm ?? g.im);
  const day = Number(g.d ?? g.cd ?? g.id);
  const hour = Number(g.h ?? 0);
  const minute = Number(g.min ?? 0);
  const second = Number(g.s ?? 0);
  const millis = g.frac ? Number(g.frac.padEnd(3, "0").slice(0, 3)) : 0;
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (g.zone) return wall - zoneOffsetMinutes(g.zone) * 60_000;
  return wallTimeToInstant(wall, timeZone);
}

const shopDatePattern = new RegExp(
  [
    "^(?:",
    "(?<y>\\d{4})[-/.](?<m>\\d{1,2})[-/.](?<d>\\d{1,2})",
    "|(?<cy>\\d{4})年(?<cm>\\d{1,2})月(?<cd>\\d{1,2})[日号]?",
    "|(?<iy>\\d{4})(?<im>\\d{2})(?<id>\\d{2})",
    ")",
    "(?:(?:[T ]|\\s+)(?<h>\\d{1,2})(?:[:时](?<min>\\d{2})(?:[:分](?<s>\\d{2})(?:\\.(?<frac>\\d{1,9}))?秒?)?)?)?",
    "\\s*(?<zone>Z|[+-]\\d{2}:?\\d{2})?$",
  ].join(""),
  "u",
);

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/**
 * The instant at which clocks in timeZone show `wall` (given as if it were UTC). In a DST gap
 * the later offset wins; in an overlap the earlier instant. Offsets are cached per wall hour,
 * since imports convert millions of times that mostly share hours.
 */
export function wallTimeToInstant(wall: number, timeZone: string): number {
  const offset = offsetAt(wall - offsetAt(wall, timeZone), timeZone);
  const instant = wall - offset;
  const actual = offsetAt(instant, timeZone);
  // In a gap the clock never shows `wall`; the offset from before the jump moves it past the gap.
  return actual === offset ? instant : wall - actual;
}

const offsetCache = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of timeZone from UTC (ms) at the given instant. */
export function offsetAt(instant: number, timeZone: string): number {
  const hourKey = `${timeZone}|${Math.floor(instant / 3_600_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;
  const parts = wallClockParts(instant, timeZone);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offset = asUtc - Math.floor(instant / 1000) * 1000;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

export type WallClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
};

/** What a clock in timeZone shows at the instant (weekday 0 = Sunday). */
export function wallClockParts(instant: number, timeZone: string): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  const out: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(instant))) out[part.type] = part.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(out.weekday ?? ""),
  };
}

/** "YYYY-MM-DD" (a birthday, a calendar date) or null; also accepts the shop formats above. */
export function parseCalendarDate(input: string): string | null {
  const ms = parseShopDate(input.trim().split(/[T\s]/u)[0] ?? "", "UTC");
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}
