import { type SQL, sql } from "drizzle-orm";
import { uuidArrayLiteral } from "../../../lib/uuid-list.js";
import type { FieldSource } from "./field-registry.js";
import { localDate } from "./local-days.js";

/** What a compiled rule depends on besides the data: pinned in tests, the merchant's in production. */
export type CompileInput = {
  merchantId: string;
  timeZone: string;
  now: Date;
  /** Restricts every subquery to these customers (re-evaluating the few an order touched). */
  customerIds?: readonly string[];
};

export type CompileEnv = CompileInput & {
  today: string;
  /** Postgres array literal of customerIds, or null for every customer. */
  scope: string | null;
  /** Which joins the WHERE fragment needs (customer_metrics `m`, customer_rfm `r`). */
  uses: Set<FieldSource>;
};

export function createCompileEnv(input: CompileInput): CompileEnv {
  let scope: string | null = null;
  if (input.customerIds) {
    scope = uuidArrayLiteral(input.customerIds);
  }
  return { ...input, today: localDate(input.now, input.timeZone), scope, uses: new Set() };
}

/**
 * `and <column> = any(<the scope>)` when the rule is evaluated for some customers, else nothing.
 * Every table a compiled rule joins or probes by customer gets it, not only `customers c`: inside
 * an order the statements run with generic plans, and a generic plan does not carry `c.id = any(…)`
 * over to a correlated table on its own — it may scan the whole shop's rows of it instead.
 */
export function scopedTo(column: SQL, env: Pick<CompileEnv, "scope">): SQL {
  return env.scope ? sql`and ${column} = any(${env.scope}::uuid[])` : sql``;
}
