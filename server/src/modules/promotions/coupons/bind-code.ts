import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { recordEvent } from "../../events/record-events.js";
import { isInAudience } from "./audience.js";
import { normaliseCouponCode } from "./coupon-codes.js";
import { type CouponRow, heldCount, refuse } from "./issue-coupons.js";
import { coupons } from "./tables.js";
import { lockTemplate } from "./templates.js";

/**
 * A member enters a batch code (兑换码) and it becomes theirs: under the template's lock (the same
 * one issuing takes, so the per-customer limit holds against parallel claims and binds), one
 * conditional update takes the code only while it is unassigned. Entering my own code again
 * returns it (created: false); a code someone else bound is already_done.
 */
export async function bindCouponCode(
  tx: Tx,
  merchantId: string,
  customerId: string,
  typed: string,
  now: Date,
): Promise<{ coupon: CouponRow; created: boolean }> {
  const code = normaliseCouponCode(typed);
  if (!code) {
    throw new AppError("validation_failed", "Invalid request: body.code: not a coupon code", {
      issues: [{ path: "body.code", message: "12 letters and digits, as printed" }],
    });
  }
  const [found] = await tx
    .select()
    .from(coupons)
    .where(and(eq(coupons.merchantId, merchantId), eq(coupons.code, code)));
  if (!found) throw notFound("Coupon code");
  if (found.customerId === customerId) return { coupon: found, created: false };
  if (found.customerId !== null) throw new AppError("already_done", "This code has already been used");
  const locked = await lockTemplate(tx, merchantId, found.templateId);
  if (!locked) throw notFound("Coupon code");
  const { template } = locked;
  if (template.status !== "active") throw refuse(template.status === "paused" ? "paused" : "ended");
  if (found.status !== "available" || now >= found.validUntil) {
    throw new AppError("unprocessable", "This code can no longer be used", { reason: "expired_or_used" });
  }
  if (!(await isInAudience(tx, merchantId, customerId, template.audience))) throw refuse("not_in_audience");
  if (template.perCustomerLimit !== null) {
    const held = await heldCount(tx, merchantId, template.id, customerId);
    if (held + 1 > template.perCustomerLimit)
      throw refuse("limit_reached", { limit: template.perCustomerLimit, held });
  }
  const [bound] = await tx
    .update(coupons)
    .set({ customerId, boundAt: now })
    .where(and(eq(coupons.merchantId, merchantId), eq(coupons.id, found.id), isNull(coupons.customerId)))
    .returning();
  if (!bound) throw new AppError("already_done", "This code has already been used");
  await recordEvent(tx, merchantId, {
    customerId,
    type: "coupon.claimed",
    properties: {
      templateId: template.id,
      templateName: template.name,
      couponIds: [bound.id],
      quantity: 1,
      source: "code",
    },
    occurredAt: now,
    source: "member",
  });
  return { coupon: bound, created: true };
}
