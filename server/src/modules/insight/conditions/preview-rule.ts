import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { CompileInput } from "./compile-context.js";
import { compileRule, customerScopeSql, joinsSql } from "./compile-rule.js";
import type { RuleNode } from "./rule-types.js";

export type PreviewCustomer = {
  id: string;
  name: string | null;
  phone: string | null;
  orderCount: number;
  netSpent: number;
  lastOrderAt: Date | null;
};

/** How many customers match, and the newest `limit` of them (the builder's live count). */
export async function previewRule(tx: Tx, rule: RuleNode, input: CompileInput, limit = 20) {
  const { where, joins } = compileRule(rule, input);
  // JIT compilation of this plan costs more than running it (1.3 s of 9.4 s at 300,000 customers
  // on PostgreSQL 15); the statement is planned anew for every keystroke of the builder.
  await tx.execute(sql`select set_config('jit', 'off', true)`);
  // The matches are collected once, planned as a plain count (hash joins, parallel workers): with
  // ORDER BY … LIMIT on the same query the planner walks customers by creation date through
  // nested loops, which is slower whenever more than a few customers match.
  const listed = await tx.execute(sql`with matched as materialized (
      select c.id, c.created_at from customers c ${joinsSql(joins, input)}
       where ${customerScopeSql(input)} and ${where}
    )
    select c.id, c.name, c.phone, coalesce(m.order_count, 0)::int as order_count,
           coalesce(m.net_spent, 0)::bigint as net_spent, m.last_order_at,
           (select count(*) from matched)::int as total
      from (select id, created_at from matched order by created_at desc, id desc limit ${limit}) newest
      join customers c on c.merchant_id = ${input.merchantId} and c.id = newest.id
      left join customer_metrics m on m.merchant_id = c.merchant_id and m.customer_id = c.id
     order by newest.created_at desc, newest.id desc`);
  type Row = {
    id: string;
    name: string | null;
    phone: string | null;
    order_count: number;
    net_spent: number | string | bigint;
    last_order_at: Date | string | null;
    total: number;
  };
  const rows = rowsOf<Row>(listed);
  return {
    count: rows[0]?.total ?? 0,
    customers: rows.map(
      (r): PreviewCustomer => ({
        id: r.id,
        name: r.name,
        phone: r.phone,
        orderCount: r.order_count,
        netSpent: Number(r.net_spent),
        lastOrderAt: r.last_order_at === null ? null : new Date(r.last_order_at),
      }),
    ),
  };
}
