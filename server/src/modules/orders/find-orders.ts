import { and, asc, desc, eq, gte, inArray, like, lt, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { escapeLike } from "../../lib/like-pattern.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { customerBriefs } from "../customers/customer-briefs.js";
import { storeBriefs } from "../stores/find-stores.js";
import type { Order } from "./schemas.js";
import type { OrderStatus } from "./tables.js";
import { orderItems, orders, refunds } from "./tables.js";

const orderColumns = {
  id: orders.id,
  externalId: orders.externalId,
  customerId: orders.customerId,
  storeId: orders.storeId,
  placedAt: orders.placedAt,
  status: orders.status,
  currency: orders.currency,
  subtotal: orders.subtotal,
  discount: orders.discount,
  total: orders.total,
  refundedAmount: orders.refundedAmount,
  itemCount: orders.itemCount,
  source: orders.source,
  note: orders.note,
  createdAt: orders.createdAt,
};
type OrderRow = { [K in keyof typeof orderColumns]: Order[K] };

/** Adds items, refunds, the customer and the store to order rows, in four queries whatever the count. */
async function hydrate(tx: Tx, merchantId: string, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // One connection runs one query at a time, so these run in sequence.
  const items = await tx
    .select()
    .from(orderItems)
    .where(and(eq(orderItems.merchantId, merchantId), inArray(orderItems.orderId, ids)))
    .orderBy(asc(orderItems.lineNo));
  const refundRows = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.merchantId, merchantId), inArray(refunds.orderId, ids)))
    .orderBy(asc(refunds.refundedAt));
  const customerMap = await customerBriefs(
    tx,
    merchantId,
    rows.flatMap((r) => (r.customerId ? [r.customerId] : [])),
  );
  const storeMap = await storeBriefs(
    tx,
    merchantId,
    rows.flatMap((r) => (r.storeId ? [r.storeId] : [])),
  );
  return rows.map((row) => ({
    ...row,
    customer: row.customerId ? (customerMap.get(row.customerId) ?? null) : null,
    store: row.storeId ? (storeMap.get(row.storeId) ?? null) : null,
    items: items.filter((i) => i.orderId === row.id).map(({ merchantId: _m, orderId: _o, ...item }) => item),
    refunds: refundRows
      .filter((r) => r.orderId === row.id)
      .map((r) => ({
        id: r.id,
        externalId: r.externalId,
        amount: r.amount,
        reason: r.reason,
        lines: r.lines,
        refundedAt: r.refundedAt,
      })),
  }));
}

export async function getOrder(tx: Tx, merchantId: string, id: string): Promise<Order> {
  const rows = await tx
    .select(orderColumns)
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.id, id)));
  const [order] = await hydrate(tx, merchantId, rows);
  if (!order) throw notFound("Order");
  return order;
}

export async function findOrderIdByExternalId(tx: Tx, merchantId: string, externalId: string) {
  const [row] = await tx
    .select({ id: orders.id, requestHash: orders.requestHash })
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.externalId, externalId)));
  return row ?? null;
}

export type OrderFilters = {
  customerId?: string;
  storeId?: string;
  from?: string;
  to?: string;
  q?: string;
  status?: OrderStatus;
};

function filterConditions(f: OrderFilters): (SQL | undefined)[] {
  return [
    f.customerId ? eq(orders.customerId, f.customerId) : undefined,
    f.storeId ? eq(orders.storeId, f.storeId) : undefined,
    f.from ? gte(orders.placedAt, new Date(f.from)) : undefined,
    f.to ? lt(orders.placedAt, endOf(f.to)) : undefined,
    f.q ? like(orders.externalId, `${escapeLike(f.q)}%`) : undefined,
    f.status ? eq(orders.status, f.status) : undefined,
  ];
}

/** A bare date as the upper bound includes that whole day (UTC; screens send full times). */
function endOf(to: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(to) + 86_400_000) : new Date(to);
}

/** Orders newest first with their items, one keyset page at a time. */
export async function listOrders(tx: Tx, merchantId: string, filters: OrderFilters, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select(orderColumns)
    .from(orders)
    .where(
      and(
        eq(orders.merchantId, merchantId),
        ...filterConditions(filters),
        after
          ? sql`(${orders.placedAt}, ${orders.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(page.limit + 1);
  const { data, nextCursor } = toPage(rows, page.limit, (o) => ({ at: o.placedAt.toISOString(), id: o.id }));
  return { data: await hydrate(tx, merchantId, data), nextCursor };
}
