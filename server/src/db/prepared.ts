import type { Tx } from "./tenant.js";

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
