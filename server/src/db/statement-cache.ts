import { createHash } from "node:crypto";
import type pg from "pg";

/** Prepared statements kept per connection; beyond this, new query shapes run unnamed. */
const maxStatementsPerConnection = 300;

type QueryConfig = { text?: string; name?: string };

/**
 * Names every parameterised query by a hash of its text, so PostgreSQL parses and plans it once
 * per connection (a short read spends more time planning than executing — RLS policies and views
 * included). Each connection keeps at most maxStatementsPerConnection of them, so SQL built with a
 * varying shape (multi-row inserts, IN lists) cannot grow a connection without bound.
 */
export function prepareStatementsOn(client: pg.PoolClient): void {
  const named = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    const hasParams = Array.isArray(values) ? values.length > 0 : false;
    if (hasParams && config && typeof config === "object" && !(config as QueryConfig).name) {
      const text = (config as QueryConfig).text;
      if (typeof text === "string") {
        const name = `qz_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
        if (named.has(name) || named.size < maxStatementsPerConnection) {
          named.add(name);
          return query({ ...(config as object), name }, values, callback);
        }
      }
    }
    return query(config, values, callback);
  };
}
