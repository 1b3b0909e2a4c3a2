import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { type Actor, recordAudit } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import type { CouponRow } from "./issue-coupons.js";
import { coupons } from "./tables.js";

/**
 * Staff take back an unused coupon (issued by mistake, a leaked code): one conditional update from
 * available, so it never voids a coupon a parallel checkout is redeeming or holding. A void coupon
 * no longer counts against the customer's limit; the stock it took is not given back.
 */
export async function voidCoupon(
  tx: Tx,
  merchantId: string,
  id: string,
  context: { actor: Actor; reason: string | null; ip?: string; now: Date },
): Promise<CouponRow> {
  const [row] = await tx
    .update(coupons)
    .set({ status: "void" })
    .where(
      and(eq(coupons.merchantId, merchantId), eq(coupons.id, id), inArray(coupons.status, ["available"])),
    )
    .returning();
  if (!row) {
    const [current] = await tx
      .select({ status: coupons.status })
      .from(coupons)
      .where(and(eq(coupons.merchantId, merchantId), eq(coupons.id, id)));
    if (!current) throw notFound("Coupon");
    if (current.status === "void") throw new AppError("already_done", "This coupon is already void");
    throw new AppError("conflict", `A ${current.status} coupon cannot be voided`, { status: current.status });
  }
  await recordEvent(tx, merchantId, {
    customerId: row.customerId,
    type: "coupon.voided",
    properties: { couponId: row.id, templateId: row.templateId, reason: context.reason },
    occurredAt: context.now,
    source: context.actor.kind === "api_key" ? "api" : "admin",
  });
  await recordAudit(tx, merchantId, {
    actor: context.actor,
    action: "coupon.void",
    targetType: "coupon",
    targetId: row.id,
    details: { templateId: row.templateId, customerId: row.customerId, reason: context.reason },
    ip: context.ip,
  });
  return row;
}
