import { and, desc, eq, lt } from "drizzle-orm";
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
        after ? lt(e.seq, Number(after.id)) : undefined,
      ),
    )
    .orderBy(desc(e.seq))
    .limit(page.limit + 1);
  // Entries in the order they took effect; the cursor carries the last one's sequence number.
  const page_ = toPage(rows, page.limit, (row) => ({ at: row.createdAt.toISOString(), id: String(row.seq) }));
  return { data: page_.data.map(entryView), nextCursor: page_.nextCursor };
}
