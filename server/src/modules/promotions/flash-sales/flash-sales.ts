import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { checkAudience } from "../coupons/audience.js";
import { forgetUnitsLeft } from "./sale-admission.js";
import { phaseOf, unitsLeft } from "./sale-rules.js";
import type { FlashSale, FlashSaleChange, FlashSaleInput } from "./schemas.js";
import { flashSalePurchases, flashSales } from "./tables.js";

export type SaleRow = typeof flashSales.$inferSelect;

export function flashSaleOf(row: SaleRow, now: Date): FlashSale {
  return {
    id: row.id,
    name: row.name,
    sku: row.sku,
    itemName: row.itemName,
    imageUrl: row.imageUrl,
    originalPrice: row.originalPrice,
    price: row.price,
    stock: row.stock,
    sold: row.sold,
    held: row.held,
    left: unitsLeft(row),
    perMemberLimit: row.perMemberLimit,
    audience: row.audience,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    paymentMinutes: row.paymentMinutes,
    status: row.status,
    phase: phaseOf(row, now),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const invalid = (path: string, message: string) =>
  new AppError("validation_failed", `${path.replace("body.", "")} ${message}`, {
    issues: [{ path, message }],
  });

/** Rules across fields, checked on the merged sale so a change cannot slip past them. */
function checkSale(sale: Pick<SaleRow, "price" | "originalPrice" | "startsAt" | "endsAt">) {
  if (sale.endsAt <= sale.startsAt) throw invalid("body.endsAt", "must be after startsAt");
  if (sale.price > sale.originalPrice) throw invalid("body.price", "must not exceed originalPrice");
}

export async function createFlashSale(tx: Tx, merchantId: string, input: FlashSaleInput, now: Date) {
  const values = {
    merchantId,
    name: input.name,
    sku: input.sku,
    itemName: input.itemName,
    imageUrl: input.imageUrl ?? null,
    originalPrice: input.originalPrice,
    price: input.price,
    stock: input.stock,
    perMemberLimit: input.perMemberLimit ?? null,
    audience: input.audience ?? null,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    paymentMinutes: input.paymentMinutes ?? 15,
    status: input.status ?? "active",
  };
  checkSale(values);
  await checkAudience(tx, merchantId, values.audience);
  const [row] = await tx.insert(flashSales).values(values).returning();
  return flashSaleOf(row!, now);
}

async function lockSale(tx: Tx, merchantId: string, id: string): Promise<SaleRow> {
  const [row] = await tx
    .select()
    .from(flashSales)
    .where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, id)))
    .for("update");
  if (!row) throw notFound("Flash sale");
  return row;
}

/** Changes a sale under its row lock, so a new stock never undercuts units sold or held meanwhile. */
export async function updateFlashSale(
  tx: Tx,
  merchantId: string,
  id: string,
  change: FlashSaleChange,
  now: Date,
) {
  const current = await lockSale(tx, merchantId, id);
  const next = {
    ...current,
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
    startsAt: change.startsAt ? new Date(change.startsAt) : current.startsAt,
    endsAt: change.endsAt ? new Date(change.endsAt) : current.endsAt,
  } as SaleRow;
  checkSale(next);
  if (next.stock < current.sold + current.held) {
    throw new AppError("conflict", "Stock cannot go below the units sold and held", {
      issues: [{ path: "body.stock", message: `at least ${current.sold + current.held}` }],
      sold: current.sold,
      held: current.held,
    });
  }
  if (change.audience !== undefined) await checkAudience(tx, merchantId, change.audience);
  // More stock, a new window or switched back on: let this process's buyers see it at once.
  forgetUnitsLeft(merchantId, id);
  const [row] = await tx
    .update(flashSales)
    .set({
      name: next.name,
      sku: next.sku,
      itemName: next.itemName,
      imageUrl: next.imageUrl,
      originalPrice: next.originalPrice,
      price: next.price,
      stock: next.stock,
      perMemberLimit: next.perMemberLimit,
      audience: next.audience,
      startsAt: next.startsAt,
      endsAt: next.endsAt,
      paymentMinutes: next.paymentMinutes,
      status: next.status,
      updatedAt: sql`now()`,
    })
    .where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, id)))
    .returning();
  return flashSaleOf(row!, now);
}

/** Only a sale nobody bought from can be deleted; pause one that has purchases. */
export async function deleteFlashSale(tx: Tx, merchantId: string, id: string): Promise<void> {
  await lockSale(tx, merchantId, id);
  const [bought] = await tx
    .select({ id: flashSalePurchases.id })
    .from(flashSalePurchases)
    .where(and(eq(flashSalePurchases.merchantId, merchantId), eq(flashSalePurchases.saleId, id)))
    .limit(1);
  if (bought) throw new AppError("conflict", "This sale has purchases: pause it instead of deleting it");
  await tx.delete(flashSales).where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, id)));
}

export async function getFlashSaleRow(tx: Tx, merchantId: string, id: string): Promise<SaleRow> {
  const [row] = await tx
    .select()
    .from(flashSales)
    .where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, id)));
  if (!row) throw notFound("Flash sale");
  return row;
}

/** The console's list: newest start first, with live counters. */
export async function listFlashSales(tx: Tx, merchantId: string, now: Date): Promise<FlashSale[]> {
  const rows = await tx
    .select()
    .from(flashSales)
    .where(eq(flashSales.merchantId, merchantId))
    .orderBy(desc(flashSales.startsAt), desc(flashSales.id))
    .limit(500);
  return rows.map((row) => flashSaleOf(row, now));
}
