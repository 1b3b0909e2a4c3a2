import { Param, type QueryWithTypings, SQL, StringChunk } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";
import { localDate } from "./local-days.js";

/** What a statement over some customers is built from besides its rules. */
export type CustomerScope = { timeZone: string; now: Date; customerIds: readonly string[] };

type Slot = { kind: "fixed"; value: unknown } | { kind: "ids" } | { kind: "now"; asDate: boolean };
type Template = Pick<QueryWithTypings, "typings"> & { text: string; segments: string[]; slots: Slot[] };

const dialect = new PgDialect();
const templates = new Map<string, Template | null>();
const maxTemplates = 500;
// Different numbers of customers, so a statement whose text depends on how many is never cached.
const sentinelIds = [
  ["00000000-0000-4000-8000-0000000c0de1"],
  ["00000000-0000-4000-8000-0000000c0de2", "00000000-0000-4000-8000-0000000c0de3"],
];

/**
 * The statement `build(scope)` returns, built once per key, time zone and local day and then only
 * filled in with the customers and the instant. Inside every order the rule tags, layers and
 * segments statements were built anew from their rules (Drizzle SQL for every rule, 1–3 ms a
 * order); the text only changes with the rules and the local day (windows and relative days are
 * local midnights). `key` must name everything else the statement is built from (the rules, the
 * merchant). The template comes from two builds with different customers and instants in the same
 * local day: the parameters that differ are the customers' and the instant's, the rest are fixed.
 * When the two builds differ in any other way the statement is built every time.
 */
export function statementForCustomers(
  key: string,
  scope: CustomerScope,
  build: (scope: CustomerScope) => SQL,
): SQL {
  const today = localDate(scope.now, scope.timeZone);
  const fullKey = `${scope.timeZone}|${today}|${key}`;
  let template = templates.get(fullKey);
  if (template === undefined) {
    template = deriveTemplate(scope, build);
    if (templates.size >= maxTemplates) templates.clear();
    templates.set(fullKey, template);
  }
  if (!template) return build(scope);
  const ids = uuidArrayLiteral(scope.customerIds);
  const params = template.slots.map((slot) =>
    slot.kind === "fixed"
      ? slot.value
      : slot.kind === "ids"
        ? ids
        : slot.asDate
          ? scope.now
          : scope.now.toISOString(),
  );
  return new FilledStatement(template, params);
}

/**
 * A statement whose text is already known. Drizzle turns SQL into text chunk by chunk (a few µs
 * each: 0.3–0.7 ms for the order path's ~150 parameters); run on its own, this one hands over the
 * text and values as they are. Its chunks are kept for when it is embedded in other SQL.
 */
class FilledStatement extends SQL {
  readonly #query: QueryWithTypings;

  constructor(template: Template, params: unknown[]) {
    const chunks: (StringChunk | Param)[] = [new StringChunk(template.segments[0] as string)];
    params.forEach((value, i) => {
      chunks.push(new Param(value), new StringChunk(template.segments[i + 1] as string));
    });
    super(chunks);
    this.#query = template.typings
      ? { sql: template.text, params, typings: template.typings }
      : { sql: template.text, params };
  }

  override toQuery(): QueryWithTypings {
    return this.#query;
  }
}

function deriveTemplate(scope: CustomerScope, build: (scope: CustomerScope) => SQL): Template | null {
  const day = localDate(scope.now, scope.timeZone);
  const earlier = new Date(scope.now.getTime() - 1);
  const other = localDate(earlier, scope.timeZone) === day ? earlier : new Date(scope.now.getTime() + 1);
  const builds = [scope.now, other].map((now, i) =>
    dialect.sqlToQuery(build({ timeZone: scope.timeZone, now, customerIds: sentinelIds[i] as string[] })),
  );
  const [a, b] = builds as [(typeof builds)[0], (typeof builds)[0]];
  if (a.sql !== b.sql || a.params.length !== b.params.length) return null;
  const slots: Slot[] = [];
  for (const [i, pa] of a.params.entries()) {
    const pb = b.params[i];
    if (same(pa, pb)) slots.push({ kind: "fixed", value: pa });
    else if (
      pa === uuidArrayLiteral(sentinelIds[0] as string[]) &&
      pb === uuidArrayLiteral(sentinelIds[1] as string[])
    )
      slots.push({ kind: "ids" });
    else if (
      pa instanceof Date &&
      pb instanceof Date &&
      pa.getTime() === scope.now.getTime() &&
      pb.getTime() === other.getTime()
    )
      slots.push({ kind: "now", asDate: true });
    else if (pa === scope.now.toISOString() && pb === other.toISOString())
      slots.push({ kind: "now", asDate: false });
    else return null;
  }
  // Drizzle numbers parameters $1, $2, … in order; the text between them is kept as it is.
  const segments = a.sql.split(/\$\d+/);
  const numbers = [...a.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  if (segments.length !== slots.length + 1 || numbers.some((n, i) => n !== i + 1)) return null;
  return { text: a.sql, typings: a.typings, segments, slots };
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object")
    return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
