import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { events } from "./tables.js";

export const eventColumns = {
  id: events.id,
  customerId: events.customerId,
  type: events.type,
  properties: events.properties,
  occurredAt: events.occurredAt,
  source: events.source,
};

/** A customer's timeline, newest first. */
export async function listCustomerEvents(tx: Tx, merchantId: string, customerId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select(eventColumns)
    .from(events)
    .where(
      and(
        eq(events.merchantId, merchantId),
        eq(events.customerId, customerId),
        after
          ? sql`(${events.occurredAt}, ${events.id}) < (${after.at}::timestamptz, ${after.id}::bigint)`
          : undefined,
      ),
    )
    .orderBy(desc(events.occurredAt), desc(events.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (e) => ({ at: e.occurredAt.toISOString(), id: String(e.id) }));
}

/** Whether a customer has at least `atLeast` events of a type (reads no more rows than that). */
export async function hasCustomerEvents(
  tx: Tx,
  merchantId: string,
  customerId: string,
  type: string,
  atLeast: number,
): Promise<boolean> {
  const rows = await tx
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.merchantId, merchantId), eq(events.customerId, customerId), eq(events.type, type)))
    .limit(atLeast);
  return rows.length >= atLeast;
}

/** Gives a merged duplicate's history to the customer it was merged into. */
export async function reassignCustomerEvents(tx: Tx, merchantId: string, fromId: string, toId: string) {
  await tx
    .update(events)
    .set({ customerId: toId })
    .where(and(eq(events.merchantId, merchantId), eq(events.customerId, fromId)));
}
