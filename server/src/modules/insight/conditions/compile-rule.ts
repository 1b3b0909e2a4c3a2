import { type SQL, sql } from "drizzle-orm";
import { compileEvent, compilePurchase, compileTag } from "./compile-behaviour.js";
import { type CompileEnv, type CompileInput, createCompileEnv, scopedTo } from "./compile-context.js";
import { compileField } from "./compile-field.js";
import { compileLayer } from "./compile-layer.js";
import { findField } from "./field-registry.js";
import type { RuleNode } from "./rule-types.js";

export type CompiledRule = {
  /** A boolean over `customers c` (and `m`, `r` when joins say so); never NULL. */
  where: SQL;
  joins: { metrics: boolean; rfm: boolean };
};

/** Compiles a validated rule into one parameterised SQL condition; nothing is filtered in JavaScript. */
export function compileRule(rule: RuleNode, input: CompileInput): CompiledRule {
  const env = createCompileEnv(input);
  const where = compileNode(rule, env);
  return { where, joins: { metrics: env.uses.has("metrics"), rfm: env.uses.has("rfm") } };
}

function compileNode(node: RuleNode, env: CompileEnv): SQL {
  if ("all" in node)
    return sql`(${sql.join(
      node.all.map((n) => compileNode(n, env)),
      sql` and `,
    )})`;
  if ("any" in node)
    return sql`(${sql.join(
      node.any.map((n) => compileNode(n, env)),
      sql` or `,
    )})`;
  if ("not" in node) return sql`(not ${compileNode(node.not, env)})`;
  if ("field" in node) {
    const field = findField(node.field);
    if (!field) throw new Error(`Unvalidated rule: unknown field ${node.field}`);
    return compileField(field, node, env);
  }
  if ("purchased" in node) return compilePurchase(node, env);
  if ("event" in node) return compileEvent(node, env);
  if ("layer" in node) return compileLayer(node, env);
  return compileTag(node, env);
}

/**
 * `select c.id as customer_id from customers c …` for the live customers of the merchant that
 * match (merged duplicates never match), with only the joins the rule reads.
 */
export function matchingCustomersSql(rule: RuleNode, input: CompileInput): SQL {
  const { where, joins } = compileRule(rule, input);
  return sql`select c.id as customer_id from customers c ${joinsSql(joins, input)}
    where ${customerScopeSql(input)} and ${where}`;
}

export function joinsSql(joins: CompiledRule["joins"], input: CompileInput): SQL {
  const env = createCompileEnv(input);
  const parts: SQL[] = [];
  if (joins.metrics) {
    parts.push(sql`left join customer_metrics m on m.merchant_id = c.merchant_id and m.customer_id = c.id
      ${scopedTo(sql`m.customer_id`, env)}`);
  }
  if (joins.rfm) {
    parts.push(sql`left join customer_rfm r on r.merchant_id = c.merchant_id and r.customer_id = c.id
      ${scopedTo(sql`r.customer_id`, env)}`);
  }
  return sql.join(parts, sql` `);
}

export function customerScopeSql(input: CompileInput): SQL {
  const env = createCompileEnv(input);
  const live = sql`c.merchant_id = ${input.merchantId} and c.merged_into_id is null`;
  return env.scope ? sql`${live} and c.id = any(${env.scope}::uuid[])` : live;
}
