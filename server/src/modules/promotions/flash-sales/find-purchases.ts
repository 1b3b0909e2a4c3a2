import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { findCustomerIdByIdentity } from "../../customers/identities.js";
import { customers } from "../../customers/tables.js";
import type { MemberPurchase, Purchase, PurchaseFilter, StaffPurchase } from "./schemas.js";
import { flashSalePurchases, flashSales } from "./tables.js";

export type PurchaseRow = typeof flashSalePurchases.$inferSelect;

export function purchaseOf(row: PurchaseRow): Purchase {
  return {
    id: row.id,
    saleId: row.saleId,
    customerId: row.customerId,
    code: row.code,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    amount: row.amount,
    status: row.status,
    holdUntil: row.holdUntil,
    createdAt: row.createdAt,
    confirmedAt: row.confirmedAt,
    releasedAt: row.releasedAt,
    releaseReason: row.releaseReason,
    settledBy: row.settledByType
      ? { type: row.settledByType, id: row.settledById, name: row.settledByName }
      : null,
  };
}

export async function getPurchaseRow(tx: Tx, merchantId: string, id: string): Promise<PurchaseRow> {
  const [row] = await tx
    .select()
    .from(flashSalePurchases)
    .where(and(eq(flashSalePurchases.merchantId, merchantId), eq(flashSalePurchases.id, id)));
  if (!row) throw notFound("Purchase");
  return row;
}

const saleColumns = {
  saleName: flashSales.name,
  itemName: flashSales.itemName,
  imageUrl: flashSales.imageUrl,
};

function olderThan(cursor: string | undefined): SQL | undefined {
  const after = decodeCursor(cursor);
  if (!after) return undefined;
  const at = new Date(after.at);
  return or(
    lt(flashSalePurchases.createdAt, at),
    and(eq(flashSalePurchases.createdAt, at), lt(flashSalePurchases.id, after.id)),
  );
}

/** A member's own purchases, newest first, with what they were for. */
export async function listMemberPurchases(tx: Tx, merchantId: string, customerId: string, page: PageQuery) {
  const conditions = [
    eq(flashSalePurchases.merchantId, merchantId),
    eq(flashSalePurchases.customerId, customerId),
    olderThan(page.cursor),
  ];
  const rows = await tx
    .select({ purchase: flashSalePurchases, ...saleColumns })
    .from(flashSalePurchases)
    .innerJoin(
      flashSales,
      and(
        eq(flashSales.merchantId, flashSalePurchases.merchantId),
        eq(flashSales.id, flashSalePurchases.saleId),
      ),
    )
    .where(and(...conditions))
    .orderBy(desc(flashSalePurchases.createdAt), desc(flashSalePurchases.id))
    .limit(page.limit + 1);
  const result = toPage(rows, page.limit, (r) => ({
    at: r.purchase.createdAt.toISOString(),
    id: r.purchase.id,
  }));
  const data: MemberPurchase[] = result.data.map(({ purchase, ...sale }) => ({
    ...purchaseOf(purchase),
    ...sale,
  }));
  return { data, nextCursor: result.nextCursor };
}

/** The console's purchases, newest first, filtered by sale, status, code or phone. */
export async function listPurchases(tx: Tx, merchantId: string, filter: PurchaseFilter, page: PageQuery) {
  const conditions: (SQL | undefined)[] = [
    eq(flashSalePurchases.merchantId, merchantId),
    olderThan(page.cursor),
  ];
  if (filter.saleId) conditions.push(eq(flashSalePurchases.saleId, filter.saleId));
  if (filter.status) conditions.push(eq(flashSalePurchases.status, filter.status));
  if (filter.code) conditions.push(eq(flashSalePurchases.code, filter.code));
  if (filter.phone) {
    const customerId = await findCustomerIdByIdentity(tx, merchantId, "phone", filter.phone);
    if (!customerId) return { data: [], nextCursor: null };
    conditions.push(eq(flashSalePurchases.customerId, customerId));
  }
  const rows = await staffPurchaseRows(tx, merchantId, and(...conditions), page.limit + 1);
  return toPage(rows, page.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
}

export async function getStaffPurchase(tx: Tx, merchantId: string, id: string): Promise<StaffPurchase> {
  const [row] = await staffPurchaseRows(
    tx,
    merchantId,
    and(eq(flashSalePurchases.merchantId, merchantId), eq(flashSalePurchases.id, id)),
    1,
  );
  if (!row) throw notFound("Purchase");
  return row;
}

async function staffPurchaseRows(
  tx: Tx,
  merchantId: string,
  where: SQL | undefined,
  limit: number,
): Promise<StaffPurchase[]> {
  const rows = await tx
    .select({
      purchase: flashSalePurchases,
      ...saleColumns,
      customerName: customers.name,
      customerPhone: customers.phone,
      customerId: customers.id,
    })
    .from(flashSalePurchases)
    .innerJoin(
      flashSales,
      and(
        eq(flashSales.merchantId, flashSalePurchases.merchantId),
        eq(flashSales.id, flashSalePurchases.saleId),
      ),
    )
    .leftJoin(
      customers,
      and(eq(customers.merchantId, merchantId), eq(customers.id, flashSalePurchases.customerId)),
    )
    .where(where)
    .orderBy(desc(flashSalePurchases.createdAt), desc(flashSalePurchases.id))
    .limit(limit);
  return rows.map(({ purchase, customerName, customerPhone, customerId, ...sale }) => ({
    ...purchaseOf(purchase),
    ...sale,
    customer: customerId ? { id: customerId, name: customerName, phone: customerPhone } : null,
  }));
}
