import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { lockRecipients } from "./recipient-slots.js";

/**
 * A merged-away customer's messages become the kept customer's: their inbox shows them and their
 * promotional slots count towards the kept customer's caps. A message of a send that reached both
 * stays with the duplicate (a send reaches each customer once).
 */
export async function mergeMessaging(tx: Tx, merchantId: string, duplicateId: string, keptId: string) {
  await lockRecipients(tx, merchantId, [duplicateId, keptId]);
  await tx.execute(sql`update messages m set customer_id = ${keptId}
    where m.merchant_id = ${merchantId} and m.customer_id = ${duplicateId}
      and not exists (select 1 from messages k where k.merchant_id = ${merchantId}
                        and k.customer_id = ${keptId} and k.send_id = m.send_id)`);
}
