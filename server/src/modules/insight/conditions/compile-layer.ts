import { type SQL, sql } from "drizzle-orm";
import { type CompileEnv, scopedTo } from "./compile-context.js";
import type { LayerCondition } from "./rule-types.js";

/**
 * Reads the stored current layer (customer_layers, kept by the layers module), so callers that
 * evaluate layers and segments together refresh layers first. A customer not yet placed is in no
 * layer: `in` fails and `notIn` holds.
 */
export function compileLayer(leaf: LayerCondition, env: CompileEnv): SQL {
  const ids = Array.isArray(leaf.layer) ? leaf.layer : [leaf.layer];
  const inLayer = sql`exists (select 1 from customer_layers cl
    where cl.merchant_id = ${env.merchantId} and cl.customer_id = c.id ${scopedTo(sql`cl.customer_id`, env)}
      and cl.layer_id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}))`;
  return leaf.op === "in" ? inLayer : sql`not ${inLayer}`;
}
