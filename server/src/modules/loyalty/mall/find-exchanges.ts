import { and, desc, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { customerBriefs } from "../../customers/customer-briefs.js";
import { findCustomerIdByIdentity } from "../../customers/identities.js";
import { storeBriefs } from "../../stores/find-stores.js";
import type { Exchange, ExchangeFilter, StaffExchange } from "./schemas.js";
import { mallExchanges, mallItems } from "./tables.js";

export type ExchangeRow = typeof mallExchanges.$inferSelect;

export function exchangeOf(row: ExchangeRow): Exchange {
  return {
    id: row.id,
    code: row.code,
    customerId: row.customerId,
    itemId: row.itemId,
    itemName: row.itemName,
    itemKind: row.itemKind,
    quantity: row.quantity,
    points: row.points,
    cashDue: row.cashDue,
    status: row.status,
    source: row.source,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    verifiedAt: row.verifiedAt,
    verifiedBy: row.verifiedAt ? { id: row.verifiedById, name: row.verifiedByName } : null,
    verifiedStoreId: row.verifiedStoreId,
    cancelledAt: row.cancelledAt,
    cancelledBy: row.cancelledAt
      ? { type: row.cancelledByType ?? "system", id: row.cancelledById, name: row.cancelledByName }
      : null,
    cancelReason: row.cancelReason,
  };
}

/** Adds the member, the pickup store and the item's picture for staff screens, in three reads. */
export async function staffExchangesOf(
  tx: Tx,
  merchantId: string,
  rows: ExchangeRow[],
): Promise<StaffExchange[]> {
  const people = await customerBriefs(
    tx,
    merchantId,
    rows.map((r) => r.customerId),
  );
  const stores = await storeBriefs(
    tx,
    merchantId,
    rows.flatMap((r) => (r.verifiedStoreId ? [r.verifiedStoreId] : [])),
  );
  const images = await itemImages(
    tx,
    merchantId,
    rows.map((r) => r.itemId),
  );
  return rows.map((row) => ({
    ...exchangeOf(row),
    customer: people.get(row.customerId) ?? null,
    verifiedStore: row.verifiedStoreId ? (stores.get(row.verifiedStoreId) ?? null) : null,
    imageUrl: images.get(row.itemId) ?? null,
  }));
}

export async function staffExchangeOf(tx: Tx, merchantId: string, row: ExchangeRow): Promise<StaffExchange> {
  const [view] = await staffExchangesOf(tx, merchantId, [row]);
  return view!;
}

async function itemImages(tx: Tx, merchantId: string, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: mallItems.id, imageUrl: mallItems.imageUrl })
    .from(mallItems)
    .where(and(eq(mallItems.merchantId, merchantId), inArray(mallItems.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r.imageUrl]));
}

/** Newest first, filtered by status, code, member (id or phone) or item. */
export async function listExchanges(tx: Tx, merchantId: string, filter: ExchangeFilter, page: PageQuery) {
  const conditions: SQL[] = [eq(mallExchanges.merchantId, merchantId)];
  if (filter.status) conditions.push(eq(mallExchanges.status, filter.status));
  if (filter.code) conditions.push(eq(mallExchanges.code, filter.code.replace(/[\s-]/g, "")));
  if (filter.itemId) conditions.push(eq(mallExchanges.itemId, filter.itemId));
  if (filter.customerId) conditions.push(eq(mallExchanges.customerId, filter.customerId));
  if (filter.phone) {
    const customerId = await findCustomerIdByIdentity(tx, merchantId, "phone", filter.phone);
    if (!customerId) return { data: [], nextCursor: null };
    conditions.push(eq(mallExchanges.customerId, customerId));
  }
  const after = decodeCursor(page.cursor);
  if (after) {
    const at = new Date(after.at);
    conditions.push(
      or(
        lt(mallExchanges.createdAt, at),
        and(eq(mallExchanges.createdAt, at), lt(mallExchanges.id, after.id)),
      )!,
    );
  }
  const rows = await tx
    .select()
    .from(mallExchanges)
    .where(and(...conditions))
    .orderBy(desc(mallExchanges.createdAt), desc(mallExchanges.id))
    .limit(page.limit + 1);
  const result = toPage(rows, page.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
  return { data: await staffExchangesOf(tx, merchantId, result.data), nextCursor: result.nextCursor };
}

/** A member's own exchanges, newest first. */
export async function listMemberExchanges(tx: Tx, merchantId: string, customerId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const conditions: SQL[] = [
    eq(mallExchanges.merchantId, merchantId),
    eq(mallExchanges.customerId, customerId),
  ];
  if (after) {
    const at = new Date(after.at);
    conditions.push(
      or(
        lt(mallExchanges.createdAt, at),
        and(eq(mallExchanges.createdAt, at), lt(mallExchanges.id, after.id)),
      )!,
    );
  }
  const rows = await tx
    .select()
    .from(mallExchanges)
    .where(and(...conditions))
    .orderBy(desc(mallExchanges.createdAt), desc(mallExchanges.id))
    .limit(page.limit + 1);
  const result = toPage(rows, page.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
  return { data: result.data.map(exchangeOf), nextCursor: result.nextCursor };
}

export async function findExchangeByCode(tx: Tx, merchantId: string, code: string): Promise<ExchangeRow> {
  const [row] = await tx
    .select()
    .from(mallExchanges)
    .where(and(eq(mallExchanges.merchantId, merchantId), eq(mallExchanges.code, code)));
  if (!row) throw notFound("Exchange with this pickup code");
  return row;
}

export async function getExchangeRow(tx: Tx, merchantId: string, id: string): Promise<ExchangeRow> {
  const [row] = await tx
    .select()
    .from(mallExchanges)
    .where(and(eq(mallExchanges.merchantId, merchantId), eq(mallExchanges.id, id)));
  if (!row) throw notFound("Exchange");
  return row;
}

/** Units a member holds per item (awaiting or picked up): what counts against per-member limits. */
export async function heldUnitsByItem(
  tx: Tx,
  merchantId: string,
  customerId: string,
  itemId?: string,
): Promise<Map<string, number>> {
  const conditions: SQL[] = [
    eq(mallExchanges.merchantId, merchantId),
    eq(mallExchanges.customerId, customerId),
    inArray(mallExchanges.status, ["awaiting_pickup", "verified"]),
  ];
  if (itemId) conditions.push(eq(mallExchanges.itemId, itemId));
  const rows = await tx
    .select({ itemId: mallExchanges.itemId, units: sql<number>`sum(${mallExchanges.quantity})::int` })
    .from(mallExchanges)
    .where(and(...conditions))
    .groupBy(mallExchanges.itemId);
  return new Map(rows.map((r) => [r.itemId, Number(r.units)]));
}
