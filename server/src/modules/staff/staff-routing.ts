import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { staff, users } from "./tables.js";

/**
 * What live-code routing reads of a shop's staff, as a relation to join in the caller's own query
 * (no extra round trip on the scan). Columns: id, name, active.
 */
export function selectStaffForRouting(merchantId: string): SQL {
  return sql`(select s.id, u.name, s.status = 'active' as active
    from staff s left join users u on u.id = s.user_id where s.merchant_id = ${merchantId})`;
}

/** Which of the given ids are staff of the shop. */
export async function findStaffIds(tx: Tx, merchantId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.merchantId, merchantId), inArray(staff.id, [...new Set(ids)])));
  return new Set(rows.map((r) => r.id));
}

/** Active staff for a picker, by name. */
export async function listStaffOptions(tx: Tx, merchantId: string) {
  return tx
    .select({ id: staff.id, name: users.name, role: staff.role })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.merchantId, merchantId), eq(staff.status, "active")))
    .orderBy(asc(users.name))
    .limit(500);
}
