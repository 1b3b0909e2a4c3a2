import { type SQL, sql } from "drizzle-orm";
import { escapeLike } from "../../../lib/like-pattern.js";
import type { CompileEnv } from "./compile-context.js";
import { compileDaysSince } from "./compile-days-since.js";
import type { FieldDefinition } from "./field-registry.js";
import { addDays, startOfLocalDay } from "./local-days.js";
import type { FieldCondition, Scalar } from "./rule-types.js";
import { isCalendarDate } from "./validate-rule.js";

/**
 * One field comparison as a boolean that is never NULL, so `not` is the exact complement. Columns
 * are compared as they are (no cast or per-row arithmetic on the column side), so the planner can
 * estimate each condition from the column's statistics.
 */
export function compileField(field: FieldDefinition, leaf: FieldCondition, env: CompileEnv): SQL {
  env.uses.add(field.source);
  const days = field.daysSince ? compileDaysSince(field.daysSince, leaf, env) : null;
  if (days) return sql`(${days}) is true`;
  const x = field.expression(env);
  if (field.zeroIfMissing) return sql`(${compareCounted(field, x, leaf, env)}) is true`;
  return sql`(${compareField(field, x, leaf, env)}) is true`;
}

/**
 * A count or sum that reads 0 without a metrics row (x is then NULL): customers without one are
 * added when 0 passes the comparison and kept out otherwise. Written without coalesce, a
 * comparison that 0 fails is a plain test of the column, which also turns the left join into an
 * inner one.
 */
function compareCounted(field: FieldDefinition, x: SQL, leaf: FieldCondition, env: CompileEnv): SQL {
  if (leaf.op === "isSet") return sql`true`;
  if (leaf.op === "isNotSet") return sql`false`;
  const compared = compareField(field, x, leaf, env);
  if (zeroPasses(leaf)) return sql`(${x} is null or ${compared})`;
  // ne and notIn hold for an unset x; a missing row is 0 here, which they reject.
  return leaf.op === "ne" || leaf.op === "notIn" ? sql`(${x} is not null and ${compared})` : compared;
}

function zeroPasses({ op, value }: FieldCondition): boolean {
  const v = value as number;
  switch (op) {
    case "eq":
      return v === 0;
    case "ne":
      return v !== 0;
    case "gt":
      return 0 > v;
    case "gte":
      return 0 >= v;
    case "lt":
      return 0 < v;
    case "lte":
      return 0 <= v;
    case "between": {
      const [from, to] = value as [number, number];
      return from <= 0 && 0 <= to;
    }
    case "in":
      return (value as Scalar[]).includes(0);
    case "notIn":
      return !(value as Scalar[]).includes(0);
    default:
      throw new Error(`Unvalidated rule: ${op} on a count`);
  }
}

function compareField(field: FieldDefinition, x: SQL, leaf: FieldCondition, env: CompileEnv): SQL {
  const { op, value } = leaf;
  const blankable = field.type === "string";
  const list = () =>
    sql.join(
      (value as Scalar[]).map((v) => literal(field, v)),
      sql`, `,
    );
  switch (op) {
    case "isSet":
      return blankable ? sql`nullif(${x}, '') is not null` : sql`${x} is not null`;
    case "isNotSet":
      return blankable ? sql`nullif(${x}, '') is null` : sql`${x} is null`;
    case "inLastDays":
    case "inNextDays":
    case "beforeDaysAgo":
      return compareRelative(field, x, op, value as number, env);
    case "contains":
      return sql`strpos(lower(${x}), lower(${String(value)})) > 0`;
    case "startsWith":
      return sql`${x} like ${`${escapeLike(String(value))}%`}`;
    case "in":
      return sql`${x} in (${list()})`;
    case "notIn":
      // Unset values are "not in" any list; add isSet to leave them out.
      return sql`(${x} is null or ${x} not in (${list()}))`;
    case "ne":
      return sql`${x} is distinct from ${literal(field, value as Scalar)}`;
    default:
      if (field.type === "timestamp") return compareInstant(x, op, value as string | string[], env);
      if (op === "between") {
        const [from, to] = value as Scalar[];
        return sql`${x} between ${literal(field, from as Scalar)} and ${literal(field, to as Scalar)}`;
      }
      return sql`${x} ${sql.raw(comparisonSymbols[op as keyof typeof comparisonSymbols])} ${literal(field, value as Scalar)}`;
  }
}

export const comparisonSymbols = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function literal(field: FieldDefinition, v: Scalar): SQL {
  switch (field.type) {
    case "number":
      // Whole numbers as bigint: an integer column compared with numeric is cast row by row,
      // which hides the column's statistics from the planner.
      return Number.isSafeInteger(v) ? sql`${v}::bigint` : sql`${v}::numeric`;
    case "money":
      return sql`${v}::bigint`;
    case "date":
      return sql`${v}::date`;
    case "boolean":
      return sql`${v}::boolean`;
    case "timestamp":
      return sql`${v}::timestamptz`;
    default:
      return sql`${v}::text`;
  }
}

/**
 * A timestamp against a calendar date means that whole local day: `lte 2026-11-30` includes the
 * evening of the 30th in the merchant's zone, `gt 2026-11-30` starts at the next local midnight.
 */
function compareInstant(x: SQL, op: string, value: string | string[], env: CompileEnv): SQL {
  const from = (v: string) => (isCalendarDate(v) ? startOfLocalDay(v, env.timeZone) : new Date(v));
  const until = (v: string) =>
    isCalendarDate(v) ? startOfLocalDay(addDays(v, 1), env.timeZone) : new Date(v);
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const point = (v: string) => !isCalendarDate(v);
  if (op === "between") {
    const [a, b] = value as [string, string];
    return point(b)
      ? sql`${x} >= ${at(from(a))} and ${x} <= ${at(until(b))}`
      : sql`${x} >= ${at(from(a))} and ${x} < ${at(until(b))}`;
  }
  const v = value as string;
  switch (op) {
    case "gt":
      return point(v) ? sql`${x} > ${at(until(v))}` : sql`${x} >= ${at(until(v))}`;
    case "gte":
      return sql`${x} >= ${at(from(v))}`;
    case "lt":
      return sql`${x} < ${at(from(v))}`;
    default:
      return point(v) ? sql`${x} <= ${at(until(v))}` : sql`${x} < ${at(until(v))}`;
  }
}

/** Relative days count whole local days: "in the last 7 days" is today and the six before it. */
function compareRelative(field: FieldDefinition, x: SQL, op: string, days: number, env: CompileEnv): SQL {
  const today = env.today;
  if (field.type === "timestamp") {
    const start = (date: string) => sql`${startOfLocalDay(date, env.timeZone).toISOString()}::timestamptz`;
    if (op === "inLastDays")
      return sql`${x} >= ${start(addDays(today, 1 - days))} and ${x} < ${start(addDays(today, 1))}`;
    if (op === "inNextDays") return sql`${x} >= ${start(today)} and ${x} < ${start(addDays(today, days))}`;
    return sql`${x} < ${start(addDays(today, -days))}`;
  }
  const day = (date: string) => sql`${date}::date`;
  if (op === "beforeDaysAgo") return sql`${x} < ${day(addDays(today, -days))}`;
  if (field.yearly) {
    const gap = op === "inNextDays" ? daysUntilAnniversary(x, today) : daysSinceAnniversary(x, today);
    return sql`${gap} between 0 and ${days - 1}`;
  }
  if (op === "inLastDays") return sql`${x} between ${day(addDays(today, 1 - days))} and ${day(today)}`;
  return sql`${x} between ${day(today)} and ${day(addDays(today, days - 1))}`;
}

// date + interval 'N years' turns 29 February into 28 February in common years.
function anniversary(x: SQL, year: number): SQL {
  return sql`(${x} + make_interval(years => ${year}::int - extract(year from ${x})::int))::date`;
}

function daysUntilAnniversary(x: SQL, today: string): SQL {
  const year = Number(today.slice(0, 4));
  const t = sql`${today}::date`;
  return sql`(case when ${anniversary(x, year)} >= ${t} then ${anniversary(x, year)} - ${t}
    else ${anniversary(x, year + 1)} - ${t} end)`;
}

function daysSinceAnniversary(x: SQL, today: string): SQL {
  const year = Number(today.slice(0, 4));
  const t = sql`${today}::date`;
  return sql`(case when ${anniversary(x, year)} <= ${t} then ${t} - ${anniversary(x, year)}
    else ${t} - ${anniversary(x, year - 1)} end)`;
}
