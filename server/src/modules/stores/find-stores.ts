import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { stores } from "./tables.js";

export type StoreRef = { id: string } | { code: string };
export type StoreBrief = { id: string; code: string; name: string };

/** The store an order names, by id or code; an unknown one is a 422 on the request. */
export async function resolveStoreId(tx: Tx, merchantId: string, ref: StoreRef): Promise<string> {
  const condition = "id" in ref ? eq(stores.id, ref.id) : eq(stores.code, ref.code);
  const [row] = await tx
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.merchantId, merchantId), condition));
  if (!row) {
    const label = "id" in ref ? `id ${ref.id}` : `code ${ref.code}`;
    throw new AppError("unprocessable", `Store with ${label} does not exist`, { field: "store" });
  }
  return row.id;
}

export async function storeBriefs(
  tx: Tx,
  merchantId: string,
  ids: string[],
): Promise<Map<string, StoreBrief>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: stores.id, code: stores.code, name: stores.name })
    .from(stores)
    .where(and(eq(stores.merchantId, merchantId), inArray(stores.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}
