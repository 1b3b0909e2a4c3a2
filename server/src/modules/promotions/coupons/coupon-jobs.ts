import { sql } from "drizzle-orm";
import { withSystem } from "../../../db/tenant.js";
import { defineJob } from "../../../jobs/define-job.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { runCouponTriggers } from "./run-triggers.js";

/** Every minute (schedule coupons.triggers, migration 0018): the shops with an enabled trigger run theirs. */
export const couponTriggersJob = defineJob<Record<string, unknown>>({
  name: "coupons.triggers",
  async run({ database }) {
    // Cross-merchant by nature: which shops have triggers (RLS hides them outside withSystem).
    const shops = await withSystem(database, async (tx) =>
      rowsOf<{ merchant_id: string }>(
        await tx.execute(sql`select distinct merchant_id from coupon_triggers where enabled`),
      ),
    );
    let issued = 0;
    let refused = 0;
    for (const shop of shops) {
      const result = await runCouponTriggers(database, shop.merchant_id, new Date());
      issued += result.issued;
      refused += result.refused;
    }
    return { shops: shops.length, issued, refused };
  },
});
