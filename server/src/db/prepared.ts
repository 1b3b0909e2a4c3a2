import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { isEmbeddedTransaction, type Tx } from "./tenant.js";

const queriesByHandle = new WeakMap<object, Map<string, unknown>>();

/**
 * A query built once per database handle (a pooled connection keeps its handle) and reused.
 * Building Drizzle SQL for a wide select costs more than running a short indexed read, so hot
 * reads prepare theirs with `sql.placeholder` values. The name is also the statement's name on
 * PostgreSQL, so it must be unique per query shape.
 */
export function preparedOn<Query>(tx: Tx, name: string, build: (tx: Tx) => Query): Query {
  let queries = queriesByHandle.get(tx);
  if (!queries) {
    queries = new Map();
    queriesByHandle.set(tx, queries);
  }
  let query = queries.get(name) as Query | undefined;
  if (!query) {
    query = build(tx);
    queries.set(name, query);
  }
  return query;
}

const dialect = new PgDialect();

/**
 * Runs a statement so that its plan is kept for the connection. On PostgreSQL every parameterised
 * query already is (statement-cache.ts names it by its text). PGlite's driver sends unnamed
 * statements, so each run was planned again — for the insight refresh's statements inside an
 * order, planning cost several times running them (tens of ms a statement). There it is
 * PREPAREd once, by a hash of its text, and EXECUTEd with its values written as literals.
 */
export async function executeWithCachedPlan(tx: Tx, statement: SQL) {
  if (!isEmbeddedTransaction(tx)) return tx.execute(statement);
  const query = dialect.sqlToQuery(statement);
  const name = `qz_${createHash("sha1").update(query.sql).digest("hex").slice(0, 20)}`;
  const found = await tx.execute(sql`select 1 from pg_prepared_statements where name = ${name}`);
  if ((found as unknown as { rows: unknown[] }).rows.length === 0) {
    await tx.execute(sql.raw(`prepare ${name} as ${query.sql}`));
  }
  const values = query.params.map(literalOf).join(", ");
  return tx.execute(sql.raw(values ? `execute ${name}(${values})` : `execute ${name}`));
}

/**
 * A parameter as an untyped SQL literal, which EXECUTE reads with the input function of the type
 * PREPARE inferred, as a bound parameter would be (standard_conforming_strings is on: only quotes
 * are doubled).
 */
function literalOf(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new Error("A statement parameter is not a finite number");
  }
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return `'${text.replaceAll("'", "''")}'`;
}
