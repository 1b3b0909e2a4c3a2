import { and, count, desc, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../../db/tenant.js";
import { CouponRuleSchema } from "../engine/coupon-rule.js";
import { isInAudience } from "./audience.js";
import { summariseRule } from "./rule-summary.js";
import type { CentreTemplateSchema } from "./schemas.js";
import { coupons, couponTemplates } from "./tables.js";
import { validityOf } from "./templates.js";

type CentreTemplate = z.infer<typeof CentreTemplateSchema>;

/**
 * The coupon centre (领券中心) for a member: active, claimable templates still within their
 * window and offered to this member, with what is left in the shop and what I may still claim.
 * Sold-out and used-up ones stay listed (greyed out by the page) with their reason.
 */
export async function listCentreTemplates(
  tx: Tx,
  merchantId: string,
  customerId: string,
  now: Date,
): Promise<CentreTemplate[]> {
  const templates = await tx
    .select()
    .from(couponTemplates)
    .where(
      and(
        eq(couponTemplates.merchantId, merchantId),
        eq(couponTemplates.claimable, true),
        eq(couponTemplates.status, "active"),
      ),
    )
    .orderBy(desc(couponTemplates.createdAt), desc(couponTemplates.id));
  const held = await tx
    .select({ templateId: coupons.templateId, n: count() })
    .from(coupons)
    .where(
      and(eq(coupons.merchantId, merchantId), eq(coupons.customerId, customerId), ne(coupons.status, "void")),
    )
    .groupBy(coupons.templateId);
  const heldBy = new Map(held.map((h) => [h.templateId, Number(h.n)]));
  const out: CentreTemplate[] = [];
  for (const t of templates) {
    if (t.validUntil && now >= t.validUntil) continue;
    if (!(await isInAudience(tx, merchantId, customerId, t.audience))) continue;
    const rule = CouponRuleSchema.parse(t.rule);
    const claimed = heldBy.get(t.id) ?? 0;
    const remaining = t.stock === null ? null : Math.max(0, t.stock - t.issuedCount);
    const myRemaining = t.perCustomerLimit === null ? null : Math.max(0, t.perCustomerLimit - claimed);
    const unavailableReason = remaining === 0 ? "sold_out" : myRemaining === 0 ? "limit_reached" : null;
    out.push({
      id: t.id,
      name: t.name,
      description: t.description,
      summary: summariseRule(rule),
      rule,
      validity: validityOf(t),
      remaining,
      myRemaining,
      claimed,
      available: unavailableReason === null,
      unavailableReason,
    });
  }
  return out;
}
