import { and, desc, eq, lt } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { checkinViewOf } from "./checkin-rows.js";
import { checkins } from "./tables.js";

/** A customer's check-ins, newest day first (staff view). */
export async function listCustomerCheckins(tx: Tx, merchantId: string, customerId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select()
    .from(checkins)
    .where(
      and(
        eq(checkins.merchantId, merchantId),
        eq(checkins.customerId, customerId),
        after ? lt(checkins.localDate, after.id) : undefined,
      ),
    )
    .orderBy(desc(checkins.localDate))
    .limit(page.limit + 1);
  return toPage(rows.map(checkinViewOf), page.limit, (c) => ({ at: c.date, id: c.date }));
}
