import { sql } from "drizzle-orm";
import { withSystem } from "../../../db/tenant.js";
import { defineJob } from "../../../jobs/define-job.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { expireDueLots } from "./expire-lots.js";

/**
 * Hourly (schedule ledger.expire, migration 0013): writes off due lots in every shop that has any.
 * Expiry times are stored as instants (a local midnight in the shop's zone), so the hour is enough.
 */
export const ledgerExpireJob = defineJob<Record<string, unknown>>({
  name: "ledger.expire",
  async run({ database, payload }) {
    const now = typeof payload.scheduledFor === "string" ? new Date(payload.scheduledFor) : new Date();
    const shops = await withSystem(database, async (tx) =>
      rowsOf<{ id: string }>(
        await tx.execute(sql`select m.id from merchants m where exists (select 1 from ledger_lots l
          where l.merchant_id = m.id and l.remaining > 0 and l.expires_at <= ${now.toISOString()}::timestamptz)`),
      ),
    );
    let accounts = 0;
    let amount = 0;
    for (const shop of shops) {
      const expired = await expireDueLots(database, shop.id, now);
      accounts += expired.accounts;
      amount += expired.amount;
    }
    return { shops: shops.length, accounts, amount };
  },
});
