import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { type RfmClass, rfmClasses } from "./tables.js";

export type RfmClassCounts = {
  /** The as-of date of the last RFM computation; null before the first one. */
  asOf: string | null;
  classes: { class: RfmClass; customers: number }[];
};

/** Customers per RFM class from the last computation, every class listed (dashboard). */
export async function countRfmClasses(tx: Tx, merchantId: string): Promise<RfmClassCounts> {
  const rows = rowsOf<{ rfm_class: RfmClass; n: number; as_of: string }>(
    await tx.execute(sql`select rfm_class, count(*)::int as n, max(as_of)::text as as_of
      from customer_rfm where merchant_id = ${merchantId} group by rfm_class`),
  );
  const counts = new Map(rows.map((r) => [r.rfm_class, Number(r.n)]));
  const asOf = rows.reduce<string | null>(
    (latest, r) => (latest && latest > r.as_of ? latest : r.as_of),
    null,
  );
  return { asOf, classes: rfmClasses.map((c) => ({ class: c, customers: counts.get(c) ?? 0 })) };
}
