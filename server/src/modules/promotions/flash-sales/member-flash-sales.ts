import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { isInAudience } from "../coupons/audience.js";
import { flashSaleOf, type SaleRow } from "./flash-sales.js";
import { remainingForMember, whyUnavailable } from "./sale-rules.js";
import type { MemberFlashSale } from "./schemas.js";
import { flashSalePurchases, flashSales } from "./tables.js";

/** Sales a member sees: active, not yet ended, and meant for them; soonest ending first. */
export async function listMemberFlashSales(
  tx: Tx,
  merchantId: string,
  customerId: string,
  now: Date,
): Promise<MemberFlashSale[]> {
  const rows = await tx
    .select()
    .from(flashSales)
    .where(
      and(eq(flashSales.merchantId, merchantId), eq(flashSales.status, "active"), gt(flashSales.endsAt, now)),
    )
    .orderBy(asc(flashSales.startsAt), asc(flashSales.endsAt), asc(flashSales.id))
    .limit(100);
  const visible: SaleRow[] = [];
  for (const row of rows) {
    if (await isInAudience(tx, merchantId, customerId, row.audience)) visible.push(row);
  }
  const units = await unitsBySale(
    tx,
    merchantId,
    customerId,
    visible.map((r) => r.id),
  );
  return visible.map((row) => memberFlashSaleOf(row, units.get(row.id) ?? 0, now));
}

/** One sale for its page; a sale not meant for this member is simply not found. */
export async function getMemberFlashSale(
  tx: Tx,
  merchantId: string,
  customerId: string,
  saleId: string,
  now: Date,
): Promise<MemberFlashSale> {
  const [row] = await tx
    .select()
    .from(flashSales)
    .where(
      and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, saleId), eq(flashSales.status, "active")),
    );
  if (!row || !(await isInAudience(tx, merchantId, customerId, row.audience))) throw notFound("Flash sale");
  const units = await unitsBySale(tx, merchantId, customerId, [row.id]);
  return memberFlashSaleOf(row, units.get(row.id) ?? 0, now);
}

function memberFlashSaleOf(row: SaleRow, myUnits: number, now: Date): MemberFlashSale {
  const {
    sold: _sold,
    held: _held,
    audience: _audience,
    status: _status,
    createdAt: _c,
    updatedAt: _u,
    ...sale
  } = flashSaleOf(row, now);
  return {
    ...sale,
    myUnits,
    myRemaining: remainingForMember(row, myUnits),
    unavailableReason: whyUnavailable(row, now, myUnits, 1),
  };
}

async function unitsBySale(tx: Tx, merchantId: string, customerId: string, saleIds: string[]) {
  if (saleIds.length === 0) return new Map<string, number>();
  const p = flashSalePurchases;
  const rows = await tx
    .select({ saleId: p.saleId, units: sql<number>`sum(${p.quantity})`.mapWith(Number) })
    .from(p)
    .where(
      and(
        eq(p.merchantId, merchantId),
        eq(p.customerId, customerId),
        inArray(p.saleId, saleIds),
        inArray(p.status, ["held", "confirmed"]),
      ),
    )
    .groupBy(p.saleId);
  return new Map(rows.map((r) => [r.saleId, r.units]));
}
