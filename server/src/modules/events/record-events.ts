import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { events } from "./tables.js";

/**
 * One behaviour event. Types are `<noun>.<past-verb>` (order.placed, order.refunded,
 * customer.created, customer.merged, member.logged_in …); properties hold what later
 * analytics and automation need without joining back.
 */
export type EventInput = {
  customerId?: string | null;
  type: string;
  properties?: Record<string, unknown>;
  occurredAt?: Date;
  /** Where it came from: api, admin, member, import, demo, system, cli. */
  source: string;
};

/** Appends events in the caller's transaction, so an event exists exactly when its change does. */
export async function recordEvents(tx: Tx, merchantId: string, inputs: EventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.insert(events).values(
    inputs.map((e) => ({
      merchantId,
      customerId: e.customerId ?? null,
      type: e.type,
      properties: e.properties ?? {},
      occurredAt: e.occurredAt ?? new Date(),
      source: e.source,
    })),
  );
}

export const recordEvent = (tx: Tx, merchantId: string, input: EventInput) =>
  recordEvents(tx, merchantId, [input]);

export type EventRowsSql = {
  /** A FROM item (usually a data-modifying CTE's name) with one row per event. */
  from: SQL;
  customerId: SQL;
  type: SQL;
  /** A jsonb expression over the FROM item's columns. */
  properties: SQL;
  occurredAt: Date;
  source: string;
};

/**
 * The set-based twin of recordEvents, as SQL for a CTE: one event per row of `from`. A change of
 * thousands of customers (a full re-evaluation) then emits its events inside its own statement,
 * instead of sending every id to the application and back in batches.
 */
export function insertEventsSql(merchantId: string, rows: EventRowsSql): SQL {
  return sql`insert into events (merchant_id, customer_id, type, properties, occurred_at, source)
    select ${merchantId}::uuid, ${rows.customerId}, ${rows.type}, ${rows.properties},
      ${rows.occurredAt.toISOString()}::timestamptz, ${rows.source}::text
    from ${rows.from}`;
}
