import { wallClockParts, wallTimeToInstant } from "./dates.js";

/** A parsed 5-field cron expression: minute hour day-of-month month day-of-week. */
export type CronSpec = {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Both day fields restricted: a day matches when either does (classic cron rule). */
  dayOr: boolean;
};

const fieldRanges = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
] as const;

export function parseCron(expression: string): CronSpec {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    throw new Error(`Cron needs 5 fields (minute hour day month weekday): "${expression}"`);
  const sets = fields.map((field, i) =>
    parseField(field, fieldRanges[i]![0], fieldRanges[i]![1], expression),
  );
  const weekdays = sets[4]!;
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    days: sets[2]!,
    months: sets[3]!,
    weekdays,
    dayOr: fields[2] !== "*" && fields[4] !== "*",
  };
}

function parseField(field: string, min: number, max: number, expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`Bad cron field "${field}" in "${expression}"`);
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    const step = match[4] ? Number(match[4]) : 1;
    if (from < min || to > max || from > to || step < 1) {
      throw new Error(`Cron field "${field}" is out of range ${min}-${max} in "${expression}"`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The first run strictly after `after`, reading the expression on the clocks of timeZone. */
export function nextCronRun(spec: CronSpec, after: Date, timeZone = "UTC"): Date {
  const start = wallClockParts(after.getTime(), timeZone);
  // Walk wall-clock time (encoded as if UTC), jumping whole months/days/hours when they cannot match.
  let wall = Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute) + MINUTE;
  const limit = wall + 5 * 366 * DAY;
  while (wall < limit) {
    const t = new Date(wall);
    if (!spec.months.has(t.getUTCMonth() + 1)) {
      wall = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1);
      continue;
    }
    if (!dayMatches(spec, t.getUTCDate(), t.getUTCDay())) {
      wall = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1);
      continue;
    }
    if (!spec.hours.has(t.getUTCHours())) {
      wall = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours() + 1);
      continue;
    }
    if (!spec.minutes.has(t.getUTCMinutes())) {
      wall += MINUTE;
      continue;
    }
    const instant = wallTimeToInstant(wall, timeZone);
    const shown = wallClockParts(instant, timeZone);
    // Skip wall times that a DST jump removes, and overlap repeats at or before `after`.
    if (shown.hour === t.getUTCHours() && shown.minute === t.getUTCMinutes() && instant > after.getTime()) {
      return new Date(instant);
    }
    wall += MINUTE;
  }
  throw new Error("Cron expression never matches");
}

function dayMatches(spec: CronSpec, day: number, weekday: number): boolean {
  const byDay = spec.days.has(day);
  const byWeekday = spec.weekdays.has(weekday);
  return spec.dayOr ? byDay || byWeekday : byDay && byWeekday;
}
