import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { Audience } from "./tables.js";

/**
 * A boolean SQL expression: is the customer `customerId` (a column or a value) in the audience?
 * Reads the insight and loyalty modules' stored placements — segment membership, the current
 * layer, the current level (a customer never placed is at the shop's entry level). Set-based, so a
 * bulk issue filters a million customers in the same statement that inserts their coupons.
 */
export function inAudienceSql(merchantId: string, customerId: SQL, audience: Audience | null): SQL {
  if (!audience) return sql`true`;
  switch (audience.kind) {
    case "segment":
      return sql`exists (select 1 from segment_members sm where sm.merchant_id = ${merchantId}
        and sm.segment_id = ${audience.id} and sm.customer_id = ${customerId})`;
    case "layer":
      return sql`exists (select 1 from customer_layers cl where cl.merchant_id = ${merchantId}
        and cl.customer_id = ${customerId} and cl.layer_id = ${audience.id})`;
    case "levels": {
      const ids = sql.join(
        audience.ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      );
      return sql`coalesce(
        (select cl.level_id from customer_levels cl where cl.merchant_id = ${merchantId} and cl.customer_id = ${customerId}),
        (select ml.id from member_levels ml where ml.merchant_id = ${merchantId} order by ml.position limit 1)
      ) in (${ids})`;
    }
  }
}

export async function isInAudience(
  tx: Tx,
  merchantId: string,
  customerId: string,
  audience: Audience | null,
): Promise<boolean> {
  if (!audience) return true;
  const [row] = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select ${inAudienceSql(merchantId, sql`${customerId}::uuid`, audience)} as ok`),
  );
  return row?.ok === true;
}

/** Refuses an audience naming a segment, layer or level this shop does not have (naming the field). */
export async function checkAudience(tx: Tx, merchantId: string, audience: Audience | null | undefined) {
  if (!audience) return;
  const [table, ids] =
    audience.kind === "levels"
      ? (["member_levels", audience.ids] as const)
      : ([audience.kind === "segment" ? "segments" : "layers", [audience.id]] as const);
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)}
      where merchant_id = ${merchantId} and id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`),
  );
  if ((row?.n ?? 0) !== new Set(ids).size) {
    const path = audience.kind === "levels" ? "body.audience.ids" : "body.audience.id";
    throw new AppError("validation_failed", `No such ${audience.kind} in this shop`, {
      issues: [{ path, message: `no ${audience.kind} with this id in this shop` }],
    });
  }
}
