import { sql } from "drizzle-orm";
import { z } from "zod";
import { withSystem } from "../../../db/tenant.js";
import { defineJob } from "../../../jobs/define-job.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { bulkIssueJobName, markBulkIssueFailed, runBulkIssue } from "./bulk-issue.js";
import { codeBatchJobName, generateBatchCodes, markBatchFailed } from "./code-batches.js";
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

const BulkPayloadSchema = z.object({ bulkIssueId: z.string().uuid() });

/** Issues a template to a segment (see runBulkIssue); a retry resumes after the last committed chunk. */
export const couponBulkIssueJob = defineJob<Record<string, unknown>>({
  name: bulkIssueJobName,
  async run({ database, merchantId, payload, reportProgress }) {
    if (!merchantId) throw new Error(`${bulkIssueJobName} needs a merchant`);
    const { bulkIssueId } = BulkPayloadSchema.parse(payload);
    try {
      return await runBulkIssue(database, merchantId, bulkIssueId, { onProgress: reportProgress });
    } catch (error) {
      await markBulkIssueFailed(database, merchantId, bulkIssueId, String(error));
      throw error;
    }
  },
});

const BatchPayloadSchema = z.object({ batchId: z.string().uuid() });

/** Generates a code batch (see generateBatchCodes); a retry resumes at the first missing number. */
export const couponCodeBatchJob = defineJob<Record<string, unknown>>({
  name: codeBatchJobName,
  async run({ database, merchantId, payload, reportProgress }) {
    if (!merchantId) throw new Error(`${codeBatchJobName} needs a merchant`);
    const { batchId } = BatchPayloadSchema.parse(payload);
    try {
      return await generateBatchCodes(database, merchantId, batchId, { onProgress: reportProgress });
    } catch (error) {
      await markBatchFailed(database, merchantId, batchId, String(error));
      throw error;
    }
  },
});
