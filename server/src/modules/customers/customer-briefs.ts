import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { customers } from "./tables.js";

export type CustomerBrief = { id: string; name: string | null; phone: string | null };

/** Names and phones for lists of other records (orders) that show who they belong to. */
export async function customerBriefs(
  tx: Tx,
  merchantId: string,
  ids: string[],
): Promise<Map<string, CustomerBrief>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: customers.id, name: customers.name, phone: customers.phone })
    .from(customers)
    .where(and(eq(customers.merchantId, merchantId), inArray(customers.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}
