import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { decodeCursor, type PageQuery, toPage } from "../../../lib/pagination.js";
import { customers } from "../../customers/tables.js";
import { welcomeGiftViewOf } from "./grant-welcome-gift.js";
import { welcomeGifts } from "./tables.js";

/** Welcome gifts granted, newest first, with the member's name and phone for the staff list. */
export async function listWelcomeGifts(tx: Tx, merchantId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select({ gift: welcomeGifts, customerName: customers.name, customerPhone: customers.phone })
    .from(welcomeGifts)
    .leftJoin(
      customers,
      and(eq(customers.merchantId, welcomeGifts.merchantId), eq(customers.id, welcomeGifts.customerId)),
    )
    .where(
      and(
        eq(welcomeGifts.merchantId, merchantId),
        after
          ? sql`(${welcomeGifts.grantedAt}, ${welcomeGifts.customerId}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(welcomeGifts.grantedAt), desc(welcomeGifts.customerId))
    .limit(page.limit + 1);
  const views = rows.map((r) => ({
    ...welcomeGiftViewOf(r.gift),
    customerName: r.customerName,
    customerPhone: r.customerPhone,
  }));
  return toPage(views, page.limit, (g) => ({ at: g.grantedAt, id: g.customerId }));
}
