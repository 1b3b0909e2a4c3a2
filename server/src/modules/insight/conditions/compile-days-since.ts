import { type SQL, sql } from "drizzle-orm";
import type { CompileEnv } from "./compile-context.js";
import { addDays, startOfLocalDay } from "./local-days.js";
import type { FieldCondition, Scalar } from "./rule-types.js";

/** Whole days since, both ends included; ±Infinity for an open end. */
type Span = [from: number, to: number];

// Bounds further away fall back to the per-row date difference (dates stay within years 1–9999).
const farthestDays = 100_000;

/**
 * "Whole local days since <timestamp column>" compared with a value, written as comparisons of the
 * column with local midnights worked out here: days since ≤ 90 is `column >= <midnight 90 days
 * ago>`. The day count is a whole number, so `gt 2.5` is `≥ 3`; a customer without the timestamp
 * (no orders) is unset: comparisons exclude them, `ne` and `notIn` include them, as for the per-row
 * expression. Returns null for the operators it does not rewrite and for bounds too far away.
 */
export function compileDaysSince(column: SQL, leaf: FieldCondition, env: CompileEnv): SQL | null {
  const { op, value } = leaf;
  if (op === "isSet") return sql`${column} is not null`;
  if (op === "isNotSet") return sql`${column} is null`;
  const spans = spansOf(op, value);
  if (!spans) return null;
  if (
    spans.some(([from, to]) => Math.abs(finite(from)) > farthestDays || Math.abs(finite(to)) > farthestDays)
  )
    return null;
  const midnight = (daysAgo: number) =>
    sql`${startOfLocalDay(addDays(env.today, -daysAgo), env.timeZone).toISOString()}::timestamptz`;
  // Days since in [from, to] is a local date from `to` days ago up to `from` days ago, inclusive.
  const within = ([from, to]: Span): SQL => {
    const bounds: SQL[] = [];
    if (to !== Number.POSITIVE_INFINITY) bounds.push(sql`${column} >= ${midnight(to)}`);
    if (from !== Number.NEGATIVE_INFINITY) bounds.push(sql`${column} < ${midnight(from - 1)}`);
    return bounds.length > 0 ? sql`(${sql.join(bounds, sql` and `)})` : sql`${column} is not null`;
  };
  const any = spans.length === 0 ? sql`false` : sql`(${sql.join(spans.map(within), sql` or `)})`;
  return op === "ne" || op === "notIn" ? sql`(${column} is null or not ${any})` : any;
}

const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/**
 * The whole day counts a comparison accepts; `ne` and `notIn` give those of `eq` and `in`, which
 * the caller negates.
 */
function spansOf(op: FieldCondition["op"], value: FieldCondition["value"]): Span[] | null {
  const v = value as number;
  switch (op) {
    case "eq":
    case "ne":
      return Number.isInteger(v) ? [[v, v]] : [];
    case "in":
    case "notIn":
      return (value as Scalar[]).filter((x): x is number => Number.isInteger(x)).map((x) => [x, x]);
    case "gt":
      return [[Math.floor(v) + 1, Number.POSITIVE_INFINITY]];
    case "gte":
      return [[Math.ceil(v), Number.POSITIVE_INFINITY]];
    case "lt":
      return [[Number.NEGATIVE_INFINITY, Math.ceil(v) - 1]];
    case "lte":
      return [[Number.NEGATIVE_INFINITY, Math.floor(v)]];
    case "between": {
      const [from, to] = value as [number, number];
      const span: Span = [Math.ceil(from), Math.floor(to)];
      return span[0] <= span[1] ? [span] : [];
    }
    default:
      return null;
  }
}
