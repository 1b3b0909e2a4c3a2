import { and, asc, desc, eq, exists, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import type { Redemption, RedemptionSummary } from "./schemas.js";
import { couponRedemptionCoupons, couponRedemptionShares, couponRedemptions } from "./tables.js";

type RedemptionRow = typeof couponRedemptions.$inferSelect;

export async function getRedemption(tx: Tx, merchantId: string, id: string): Promise<Redemption> {
  const [row] = await tx
    .select()
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.merchantId, merchantId), eq(couponRedemptions.id, id)));
  if (!row) throw notFound("Redemption");
  return loadRedemptionView(tx, row);
}

/** A redemption with its coupons and each coupon's shares of the lines. */
export async function loadRedemptionView(tx: Tx, row: RedemptionRow): Promise<Redemption> {
  const where = (table: typeof couponRedemptionCoupons | typeof couponRedemptionShares) =>
    and(eq(table.merchantId, row.merchantId), eq(table.redemptionId, row.id));
  const couponRows = await tx
    .select()
    .from(couponRedemptionCoupons)
    .where(where(couponRedemptionCoupons))
    .orderBy(asc(couponRedemptionCoupons.couponId));
  const shareRows = await tx.select().from(couponRedemptionShares).where(where(couponRedemptionShares));
  const lineOrder = new Map(row.lines.map((line, index) => [line.lineId, index]));
  return {
    id: row.id,
    status: row.status,
    customerId: row.customerId,
    storeId: row.storeId,
    orderRef: row.orderRef,
    reservationId: row.reservationId,
    subtotal: row.subtotal,
    discount: row.discount,
    total: row.total,
    giftValue: row.giftValue,
    lines: row.lines,
    gifts: row.gifts,
    coupons: couponRows.map((coupon) => ({
      couponId: coupon.couponId,
      templateId: coupon.templateId,
      code: coupon.code,
      kind: coupon.kind,
      discount: coupon.discount,
      giftValue: coupon.giftValue,
      shares: shareRows
        .filter((share) => share.couponId === coupon.couponId)
        .sort((a, b) => (lineOrder.get(a.lineId) ?? 0) - (lineOrder.get(b.lineId) ?? 0))
        .map((share) => ({ lineId: share.lineId, amount: share.amount })),
    })),
    redeemedAt: row.redeemedAt.toISOString(),
    rolledBackAt: row.rolledBackAt?.toISOString() ?? null,
  };
}

export type RedemptionFilter = {
  customerId?: string;
  status?: "redeemed" | "rolled_back";
  templateId?: string;
  storeId?: string;
  from?: string;
  to?: string;
};

/** The redemption log, newest first, each with its coupon codes and discount. */
export async function listRedemptions(
  tx: Tx,
  merchantId: string,
  filter: RedemptionFilter,
  page: PageQuery,
): Promise<{ data: RedemptionSummary[]; nextCursor: string | null }> {
  const position = decodeCursor(page.cursor);
  const conditions = [eq(couponRedemptions.merchantId, merchantId)];
  if (filter.customerId) conditions.push(eq(couponRedemptions.customerId, filter.customerId));
  if (filter.status) conditions.push(eq(couponRedemptions.status, filter.status));
  if (filter.storeId) conditions.push(eq(couponRedemptions.storeId, filter.storeId));
  if (filter.from) conditions.push(gte(couponRedemptions.redeemedAt, new Date(filter.from)));
  if (filter.to) conditions.push(lt(couponRedemptions.redeemedAt, new Date(filter.to)));
  if (filter.templateId) {
    const used = couponRedemptionCoupons;
    conditions.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(used)
          .where(
            and(
              eq(used.merchantId, merchantId),
              eq(used.redemptionId, couponRedemptions.id),
              eq(used.templateId, filter.templateId),
            ),
          ),
      ),
    );
  }
  if (position) {
    const at = new Date(position.at);
    conditions.push(
      or(
        lt(couponRedemptions.redeemedAt, at),
        and(eq(couponRedemptions.redeemedAt, at), lt(couponRedemptions.id, position.id)),
      )!,
    );
  }
  const rows = await tx
    .select()
    .from(couponRedemptions)
    .where(and(...conditions))
    .orderBy(desc(couponRedemptions.redeemedAt), desc(couponRedemptions.id))
    .limit(page.limit + 1);
  const ids = rows.map((row) => row.id);
  const used =
    ids.length === 0
      ? []
      : await tx
          .select({ redemptionId: couponRedemptionCoupons.redemptionId, code: couponRedemptionCoupons.code })
          .from(couponRedemptionCoupons)
          .where(
            and(
              eq(couponRedemptionCoupons.merchantId, merchantId),
              inArray(couponRedemptionCoupons.redemptionId, ids),
            ),
          );
  const summaries = rows.map((row) => ({
    id: row.id,
    status: row.status,
    customerId: row.customerId,
    storeId: row.storeId,
    orderRef: row.orderRef,
    codes: used.filter((coupon) => coupon.redemptionId === row.id).map((coupon) => coupon.code),
    subtotal: row.subtotal,
    discount: row.discount,
    total: row.total,
    giftValue: row.giftValue,
    redeemedAt: row.redeemedAt.toISOString(),
    rolledBackAt: row.rolledBackAt?.toISOString() ?? null,
  }));
  return toPage(summaries, page.limit, (row) => ({ at: row.redeemedAt, id: row.id }));
}
