import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { entryView } from "./entry-view.js";
import type { LedgerEntryView } from "./ledger-types.js";
import { ledgerEntries, type Wallet } from "./tables.js";

/** A customer's entries in one wallet, newest first, keyset-paginated. */
export async function listEntries(
  tx: Tx,
  merchantId: string,
  customerId: string,
  wallet: Wallet,
  page: PageQuery,
): Promise<{ data: LedgerEntryView[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const e = ledgerEntries;
  const rows = await tx
    .select()
    .from(e)
    .where(
      and(
        eq(e.merchantId, merchantId),
        eq(e.customerId, customerId),
        eq(e.wallet, wallet),
        after
          ? or(
              lt(e.createdAt, new Date(after.at)),
              and(eq(e.createdAt, new Date(after.at)), lt(e.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(e.createdAt), desc(e.id))
    .limit(page.limit + 1);
  const page_ = toPage(rows, page.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
  return { data: page_.data.map(entryView), nextCursor: page_.nextCursor };
}
