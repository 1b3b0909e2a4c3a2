import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { Actor } from "../../audit/record-audit.js";
import { couponsOf } from "./coupon-views.js";
import { issueCoupons } from "./issue-coupons.js";
import type { Coupon } from "./schemas.js";

export type ManualIssue = {
  templateId: string;
  customerIds: string[];
  quantity: number;
  idempotencyKey: string;
};

type Result = { customerId: string; issued: boolean; reason: string | null; coupons: Coupon[] };

/**
 * Staff issue a template to chosen customers (up to 100 at once). Each customer's coupons are
 * keyed manual:<Idempotency-Key>:<customer>, so resending the request issues nothing twice. A
 * refused customer (limit, audience, stock …) is reported with the reason and the others still
 * get theirs: refusals are decided before anything is written, so they leave the transaction clean.
 */
export async function issueToCustomers(
  tx: Tx,
  merchantId: string,
  input: ManualIssue,
  context: { actor: Actor; now: Date },
): Promise<Result[]> {
  const results: Result[] = [];
  for (const customerId of [...new Set(input.customerIds)]) {
    try {
      const outcome = await issueCoupons(tx, merchantId, {
        templateId: input.templateId,
        customerId,
        quantity: input.quantity,
        issueKey: `manual:${input.idempotencyKey}:${customerId}`,
        source: "manual",
        actor: context.actor,
        now: context.now,
      });
      results.push({
        customerId,
        issued: true,
        reason: null,
        coupons: await couponsOf(tx, merchantId, outcome.coupons, context.now),
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code === "idempotency_conflict") throw error;
      if (error.code === "not_found" && error.message.startsWith("Coupon template")) throw error;
      const reason = (error.details as { reason?: string } | undefined)?.reason ?? error.code;
      results.push({ customerId, issued: false, reason, coupons: [] });
    }
  }
  return results;
}
