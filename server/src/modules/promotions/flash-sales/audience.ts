import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import type { Audience } from "./tables.js";

/**
 * Whether a customer belongs to a sale's audience: a member of the segment, in the layer, or at the
 * level or above (a customer never placed is at the entry level, position 1). null = everyone.
 */
export async function isInAudience(
  tx: Tx,
  merchantId: string,
  customerId: string,
  audience: Audience | null,
): Promise<boolean> {
  if (!audience) return true;
  const [row] = rowsOf<{ ok: boolean }>(await tx.execute(audienceSql(merchantId, customerId, audience)));
  return row?.ok === true;
}

function audienceSql(merchantId: string, customerId: string, audience: Audience) {
  switch (audience.kind) {
    case "segment":
      return sql`select exists (select 1 from segment_members where merchant_id = ${merchantId}
        and segment_id = ${audience.id} and customer_id = ${customerId}) as ok`;
    case "layer":
      return sql`select exists (select 1 from customer_layers where merchant_id = ${merchantId}
        and customer_id = ${customerId} and layer_id = ${audience.id}) as ok`;
    case "level":
      return sql`select coalesce((select l.position from customer_levels cl
          join member_levels l on l.merchant_id = cl.merchant_id and l.id = cl.level_id
          where cl.merchant_id = ${merchantId} and cl.customer_id = ${customerId}), 1)
        >= (select position from member_levels where merchant_id = ${merchantId} and id = ${audience.id}) as ok`;
  }
}

const audienceTables = { segment: "segments", layer: "layers", level: "member_levels" } as const;

/** Refuses an audience naming a segment, layer or level this shop does not have. */
export async function checkAudience(tx: Tx, merchantId: string, audience: Audience | null | undefined) {
  if (!audience) return;
  const [row] = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select exists (select 1 from ${sql.identifier(audienceTables[audience.kind])}
      where merchant_id = ${merchantId} and id = ${audience.id}) as ok`),
  );
  if (!row?.ok) {
    throw new AppError("validation_failed", `No such ${audience.kind} in this shop`, {
      issues: [{ path: "body.audience.id", message: `no ${audience.kind} with this id` }],
    });
  }
}
