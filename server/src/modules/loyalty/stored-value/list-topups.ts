import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { storedValueTopups } from "./tables.js";

/** A customer's top-ups, newest first, keyset-paginated. */
export async function listTopUps(tx: Tx, merchantId: string, customerId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const t = storedValueTopups;
  const rows = await tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.merchantId, merchantId),
        eq(t.customerId, customerId),
        after
          ? or(
              lt(t.createdAt, new Date(after.at)),
              and(eq(t.createdAt, new Date(after.at)), lt(t.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
}
