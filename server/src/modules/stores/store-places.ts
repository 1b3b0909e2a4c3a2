import { asc, eq, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { stores } from "./tables.js";

export type StorePlace = {
  id: string;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
};

/** Where each of a shop's stores is (nearest-store routing). */
export async function listStorePlaces(tx: Tx, merchantId: string): Promise<StorePlace[]> {
  return tx
    .select({ id: stores.id, city: stores.city, latitude: stores.latitude, longitude: stores.longitude })
    .from(stores)
    .where(eq(stores.merchantId, merchantId));
}

/** The same places as a relation to join in the caller's own query. Columns: id, name, city. */
export function selectStorePlaces(merchantId: string): SQL {
  return sql`(select id, name, city from stores where merchant_id = ${merchantId})`;
}

/** Stores for a picker, by name. */
export async function listStoreOptions(tx: Tx, merchantId: string) {
  return tx
    .select({ id: stores.id, name: stores.name, city: stores.city })
    .from(stores)
    .where(eq(stores.merchantId, merchantId))
    .orderBy(asc(stores.name))
    .limit(500);
}
