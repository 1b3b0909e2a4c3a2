import { and, desc, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { CouponRuleSchema } from "../engine/coupon-rule.js";
import { formatCouponCode, normaliseCouponCode } from "./coupon-codes.js";
import type { CouponRow } from "./issue-coupons.js";
import { summariseRule } from "./rule-summary.js";
import type { Coupon, MemberCoupon } from "./schemas.js";
import { coupons, couponTemplates } from "./tables.js";
import { effectiveStatus } from "./validity.js";

type TemplateBrief = { name: string; rule: unknown; description: string | null };

export function couponOf(row: CouponRow, template: TemplateBrief, now: Date): Coupon {
  return {
    id: row.id,
    templateId: row.templateId,
    templateName: template.name,
    summary: summariseRule(CouponRuleSchema.parse(template.rule)),
    customerId: row.customerId,
    code: row.code,
    codeDisplay: formatCouponCode(row.code),
    status: effectiveStatus(row.status, row.validUntil, now),
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    issuedAt: row.issuedAt,
    source: row.source,
    batchId: row.batchId,
    redeemedAt: row.redeemedAt,
  };
}

export function memberCouponOf(row: CouponRow, template: TemplateBrief, now: Date): MemberCoupon {
  const { customerId: _c, batchId: _b, source: _s, ...coupon } = couponOf(row, template, now);
  return { ...coupon, rule: CouponRuleSchema.parse(template.rule), description: template.description };
}

const briefColumns = {
  name: couponTemplates.name,
  rule: couponTemplates.rule,
  description: couponTemplates.description,
};

/** Coupon rows with their templates' names and rules, for the views above. */
export async function withTemplates(tx: Tx, merchantId: string, rows: CouponRow[]) {
  const ids = [...new Set(rows.map((r) => r.templateId))];
  if (ids.length === 0) return [];
  const templates = await tx
    .select({ id: couponTemplates.id, ...briefColumns })
    .from(couponTemplates)
    .where(and(eq(couponTemplates.merchantId, merchantId), inArray(couponTemplates.id, ids)));
  const byId = new Map(templates.map((t) => [t.id, t]));
  return rows.map((row) => ({ row, template: byId.get(row.templateId) as TemplateBrief }));
}

export async function couponsOf(tx: Tx, merchantId: string, rows: CouponRow[], now: Date): Promise<Coupon[]> {
  return (await withTemplates(tx, merchantId, rows)).map(({ row, template }) => couponOf(row, template, now));
}

export type MemberCouponFilter = "available" | "used" | "expired";

/**
 * A member's coupons: available (usable now or later, soonest to expire first), used (redeemed,
 * newest first) or expired (past validity, newest first); void coupons are not shown. The 200
 * most relevant.
 */
export async function listMemberCoupons(
  tx: Tx,
  merchantId: string,
  customerId: string,
  filter: MemberCouponFilter,
  now: Date,
): Promise<MemberCoupon[]> {
  const live = inArray(coupons.status, ["available", "reserved"]);
  const conditions: Record<MemberCouponFilter, SQL | undefined> = {
    available: and(live, sql`${coupons.validUntil} > ${now.toISOString()}::timestamptz`),
    used: eq(coupons.status, "redeemed"),
    expired: or(
      eq(coupons.status, "expired"),
      and(live, sql`${coupons.validUntil} <= ${now.toISOString()}::timestamptz`),
    ),
  };
  const rows = await tx
    .select()
    .from(coupons)
    .where(and(eq(coupons.merchantId, merchantId), eq(coupons.customerId, customerId), conditions[filter]))
    .orderBy(filter === "available" ? coupons.validUntil : desc(coupons.issuedAt), coupons.id)
    .limit(200);
  return (await withTemplates(tx, merchantId, rows)).map(({ row, template }) =>
    memberCouponOf(row, template, now),
  );
}

export type CouponFilter = { templateId?: string; customerId?: string; batchId?: string; code?: string };

/** Issued coupons for the console, newest first, keyset-paginated. */
export async function listCoupons(
  tx: Tx,
  merchantId: string,
  filter: CouponFilter,
  page: PageQuery,
  now: Date,
) {
  const after = decodeCursor(page.cursor);
  const code = filter.code === undefined ? undefined : (normaliseCouponCode(filter.code) ?? "-");
  const rows = await tx
    .select()
    .from(coupons)
    .where(
      and(
        eq(coupons.merchantId, merchantId),
        filter.templateId ? eq(coupons.templateId, filter.templateId) : undefined,
        filter.customerId ? eq(coupons.customerId, filter.customerId) : undefined,
        filter.batchId ? eq(coupons.batchId, filter.batchId) : undefined,
        code ? eq(coupons.code, code) : undefined,
        after
          ? or(
              lt(coupons.issuedAt, new Date(after.at)),
              and(eq(coupons.issuedAt, new Date(after.at)), lt(coupons.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(coupons.issuedAt), desc(coupons.id))
    .limit(page.limit + 1);
  const paged = toPage(rows, page.limit, (r) => ({ at: r.issuedAt.toISOString(), id: r.id }));
  return { data: await couponsOf(tx, merchantId, paged.data, now), nextCursor: paged.nextCursor };
}
