import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { isUniqueViolation } from "../../lib/database-errors.js";
import { stores } from "./tables.js";

export type StoreFields = {
  code?: string;
  name?: string;
  city?: string | null;
  address?: string | null;
  phone?: string | null;
  latitude?: number | null;
  longitude?: number | null;
};

const columns = {
  id: stores.id,
  code: stores.code,
  name: stores.name,
  city: stores.city,
  address: stores.address,
  phone: stores.phone,
  latitude: stores.latitude,
  longitude: stores.longitude,
  createdAt: stores.createdAt,
};

export async function listStores(tx: Tx, merchantId: string) {
  return tx.select(columns).from(stores).where(eq(stores.merchantId, merchantId)).orderBy(asc(stores.code));
}

function codeTaken(error: unknown, code: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new AppError("already_exists", `Another store already has code ${code}`, { field: "code" });
  }
  throw error;
}

export async function createStore(
  tx: Tx,
  merchantId: string,
  fields: StoreFields & { code: string; name: string },
) {
  try {
    const [row] = await tx
      .insert(stores)
      .values({ merchantId, ...fields })
      .returning(columns);
    return row!;
  } catch (error) {
    codeTaken(error, fields.code);
  }
}

export async function updateStore(tx: Tx, merchantId: string, id: string, fields: StoreFields) {
  try {
    const [row] = await tx
      .update(stores)
      .set({ ...fields, updatedAt: sql`now()` })
      .where(and(eq(stores.merchantId, merchantId), eq(stores.id, id)))
      .returning(columns);
    if (!row) throw notFound("Store");
    return row;
  } catch (error) {
    if (error instanceof AppError) throw error;
    codeTaken(error, fields.code);
  }
}

/** Deletes a store; its orders keep their history (the store reference is simply dropped). */
export async function deleteStore(tx: Tx, merchantId: string, id: string) {
  const [row] = await tx
    .delete(stores)
    .where(and(eq(stores.merchantId, merchantId), eq(stores.id, id)))
    .returning({ id: stores.id });
  if (!row) throw notFound("Store");
}
