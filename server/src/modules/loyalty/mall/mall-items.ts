import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import type { AdminMallItem, MallItem, MallItemChange, MallItemInput } from "./schemas.js";
import { mallExchanges, mallItems } from "./tables.js";

type ItemRow = typeof mallItems.$inferSelect;

export function mallItemOf(row: ItemRow): MallItem {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    imageUrl: row.imageUrl,
    pointsPrice: row.pointsPrice,
    cashPrice: row.cashPrice,
    couponSpec: row.couponSpec,
    stock: row.stock,
    perMemberLimit: row.perMemberLimit,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    pickupDays: row.pickupDays,
    active: row.active,
    sortOrder: row.sortOrder,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

/** Rules the schema cannot see alone: the window's order and the coupon spec belonging to coupons. */
function checkItem(item: {
  kind: string;
  validFrom: Date | null;
  validUntil: Date | null;
  couponSpec: unknown;
}) {
  if (item.validFrom && item.validUntil && item.validUntil <= item.validFrom) {
    throw new AppError("validation_failed", "validUntil must be after validFrom", {
      issues: [{ path: "body.validUntil", message: "must be after validFrom" }],
    });
  }
  if (item.kind !== "coupon" && item.couponSpec != null) {
    throw new AppError("validation_failed", "couponSpec is only for coupon items", {
      issues: [{ path: "body.couponSpec", message: "only for kind coupon" }],
    });
  }
}

export async function createMallItem(tx: Tx, merchantId: string, input: MallItemInput): Promise<MallItem> {
  const values = {
    merchantId,
    kind: input.kind,
    name: input.name,
    description: input.description ?? null,
    imageUrl: input.imageUrl ?? null,
    pointsPrice: input.pointsPrice,
    cashPrice: input.cashPrice ?? 0,
    couponSpec: input.couponSpec ?? null,
    stock: input.stock ?? null,
    perMemberLimit: input.perMemberLimit ?? null,
    validFrom: toDate(input.validFrom) ?? null,
    validUntil: toDate(input.validUntil) ?? null,
    pickupDays: input.pickupDays ?? 30,
    active: input.active ?? true,
    sortOrder: input.sortOrder ?? 0,
  };
  checkItem(values);
  const [row] = await tx.insert(mallItems).values(values).returning();
  return mallItemOf(row!);
}

/** Changes an item under its row lock, so a new stock figure never interleaves with an exchange. */
export async function updateMallItem(
  tx: Tx,
  merchantId: string,
  id: string,
  change: MallItemChange,
): Promise<MallItem> {
  const current = await lockMallItem(tx, merchantId, id);
  const next = {
    ...change,
    validFrom: toDate(change.validFrom),
    validUntil: toDate(change.validUntil),
  };
  checkItem({
    kind: next.kind ?? current.kind,
    validFrom: next.validFrom === undefined ? current.validFrom : next.validFrom,
    validUntil: next.validUntil === undefined ? current.validUntil : next.validUntil,
    couponSpec: next.couponSpec === undefined ? current.couponSpec : next.couponSpec,
  });
  const [row] = await tx
    .update(mallItems)
    .set({ ...next, updatedAt: new Date() })
    .where(and(eq(mallItems.merchantId, merchantId), eq(mallItems.id, id)))
    .returning();
  return mallItemOf(row!);
}

/** An item that was ever exchanged stays (its exchanges point at it); switch it off instead. */
export async function deleteMallItem(tx: Tx, merchantId: string, id: string): Promise<void> {
  await lockMallItem(tx, merchantId, id);
  const [used] = await tx
    .select({ id: mallExchanges.id })
    .from(mallExchanges)
    .where(and(eq(mallExchanges.merchantId, merchantId), eq(mallExchanges.itemId, id)))
    .limit(1);
  if (used) {
    throw new AppError("conflict", "This item has exchanges; switch it off instead of deleting it", {
      field: "active",
    });
  }
  await tx.delete(mallItems).where(and(eq(mallItems.merchantId, merchantId), eq(mallItems.id, id)));
}

/** The item row, locked until the transaction ends: the one place stock and limits are decided. */
export async function lockMallItem(tx: Tx, merchantId: string, id: string): Promise<ItemRow> {
  const [row] = await tx
    .select()
    .from(mallItems)
    .where(and(eq(mallItems.merchantId, merchantId), eq(mallItems.id, id)))
    .for("update");
  if (!row) throw notFound("Mall item");
  return row;
}

export async function getMallItem(tx: Tx, merchantId: string, id: string): Promise<MallItem> {
  const [row] = await tx
    .select()
    .from(mallItems)
    .where(and(eq(mallItems.merchantId, merchantId), eq(mallItems.id, id)));
  if (!row) throw notFound("Mall item");
  return mallItemOf(row);
}

/** Every item, in the shop's order, with units held; a shop lists dozens, not thousands. */
export async function listMallItems(tx: Tx, merchantId: string): Promise<AdminMallItem[]> {
  const rows = await tx
    .select({
      item: mallItems,
      exchangedUnits: sql<number>`coalesce((select sum(e.quantity) from mall_exchanges e
        where e.merchant_id = ${mallItems.merchantId} and e.item_id = ${mallItems.id}
          and e.status in ('awaiting_pickup', 'verified')), 0)::int`,
      awaitingUnits: sql<number>`coalesce((select sum(e.quantity) from mall_exchanges e
        where e.merchant_id = ${mallItems.merchantId} and e.item_id = ${mallItems.id}
          and e.status = 'awaiting_pickup'), 0)::int`,
    })
    .from(mallItems)
    .where(eq(mallItems.merchantId, merchantId))
    .orderBy(asc(mallItems.sortOrder), asc(mallItems.createdAt), asc(mallItems.id));
  return rows.map((r) => ({
    ...mallItemOf(r.item),
    exchangedUnits: Number(r.exchangedUnits),
    awaitingUnits: Number(r.awaitingUnits),
  }));
}
