import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { addDays, startOfLocalDay } from "../insight/conditions/local-days.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import { isCalendarDate } from "../insight/conditions/validate-rule.js";
import { listLayerDefinitions } from "./default-layers.js";
import type { FlowReport } from "./schemas.js";

/** The instant a local day ends: midnight at the start of the next day in the merchant's zone. */
const endOfLocalDay = (date: string, timeZone: string) => startOfLocalDay(addDays(date, 1), timeZone);

/**
 * Where customers were at the end of `from` and at the end of `to` (local days), reconstructed from
 * the moves log: each customer's last move before each instant. Customers first placed after `from`
 * come from "no layer" (null); customers who left (merged) go to null.
 */
export async function layerFlow(
  tx: Tx,
  merchantId: string,
  range: { from: string; to: string },
): Promise<FlowReport> {
  for (const key of ["from", "to"] as const) {
    if (!isCalendarDate(range[key]))
      throw new AppError("validation_failed", `${key} is not a calendar date`, { field: key });
  }
  if (range.from > range.to)
    throw new AppError("validation_failed", "from must not be after to", { field: "from" });
  const timeZone = await readMerchantTimeZone(tx, merchantId);
  const fromAt = endOfLocalDay(range.from, timeZone);
  const toAt = endOfLocalDay(range.to, timeZone);
  const lastBefore = (at: Date) => sql`select distinct on (customer_id) customer_id, to_layer_id, to_name
      from layer_moves where merchant_id = ${merchantId} and moved_at < ${at.toISOString()}::timestamptz
     order by customer_id, moved_at desc, id desc`;
  type Cell = {
    from_id: string | null;
    from_name: string | null;
    to_id: string | null;
    to_name: string | null;
    n: number;
  };
  const cells = rowsOf<Cell>(
    await tx.execute(sql`
      with f as (${lastBefore(fromAt)}), t as (${lastBefore(toAt)})
      select f.to_layer_id as from_id, f.to_name as from_name, t.to_layer_id as to_id, t.to_name as to_name, count(*)::int as n
        from t left join f using (customer_id)
       where f.to_layer_id is not null or t.to_layer_id is not null
       group by 1, 2, 3, 4`),
  );
  const current = await listLayerDefinitions(tx, merchantId);
  const nodes = new Map(
    current.map((l) => [
      l.id,
      { id: l.id, name: l.name, nameEn: l.nameEn as string | null, position: l.position as number | null },
    ]),
  );
  const matrix = new Map<string, { fromLayerId: string | null; toLayerId: string | null; count: number }>();
  for (const c of cells) {
    // A removed layer keeps the name it had when customers moved out of it.
    if (c.from_id && !nodes.has(c.from_id))
      nodes.set(c.from_id, { id: c.from_id, name: c.from_name ?? "", nameEn: null, position: null });
    if (c.to_id && !nodes.has(c.to_id))
      nodes.set(c.to_id, { id: c.to_id, name: c.to_name ?? "", nameEn: null, position: null });
    // A renamed layer appears under several names in the log; the cells add up per id.
    const key = `${c.from_id}|${c.to_id}`;
    const cell = matrix.get(key) ?? { fromLayerId: c.from_id, toLayerId: c.to_id, count: 0 };
    cell.count += c.n;
    matrix.set(key, cell);
  }
  const cellsList = [...matrix.values()];
  const sumBy = (pick: (c: (typeof cellsList)[number]) => string | null) => {
    const sums = new Map<string | null, number>();
    for (const c of cellsList) sums.set(pick(c), (sums.get(pick(c)) ?? 0) + c.count);
    return [...sums].map(([layerId, count]) => ({ layerId, count }));
  };
  const customers = cellsList.reduce((n, c) => n + c.count, 0);
  const stayed = cellsList.filter((c) => c.fromLayerId === c.toLayerId).reduce((n, c) => n + c.count, 0);
  return {
    from: range.from,
    to: range.to,
    fromAt,
    toAt,
    timeZone,
    layers: [...nodes.values()].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9)),
    matrix: cellsList,
    totals: {
      customers,
      stayed,
      moved: customers - stayed,
      atFrom: sumBy((c) => c.fromLayerId),
      atTo: sumBy((c) => c.toLayerId),
    },
  };
}

/** A customer's current layer and every move, latest first (Customer 360). */
export async function customerLayerHistory(tx: Tx, merchantId: string, customerId: string) {
  const found = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from customers where merchant_id = ${merchantId} and id = ${customerId}`),
  );
  if (found.length === 0) throw notFound("Customer");
  const current = rowsOf<{ layer_id: string; name: string; name_en: string; entered_at: Date | string }>(
    await tx.execute(sql`select cl.layer_id, l.name, l.name_en, cl.entered_at from customer_layers cl
      join layers l on l.merchant_id = cl.merchant_id and l.id = cl.layer_id
      where cl.merchant_id = ${merchantId} and cl.customer_id = ${customerId}`),
  )[0];
  type MoveRow = {
    from_layer_id: string | null;
    from_name: string | null;
    to_layer_id: string | null;
    to_name: string | null;
    reason: "rule" | "reconcile" | "merge" | "settings";
    moved_at: Date | string;
  };
  const moves = rowsOf<MoveRow>(
    await tx.execute(sql`select from_layer_id, from_name, to_layer_id, to_name, reason, moved_at from layer_moves
      where merchant_id = ${merchantId} and customer_id = ${customerId} order by moved_at desc, id desc limit 200`),
  );
  return {
    current: current
      ? {
          layerId: current.layer_id,
          name: current.name,
          nameEn: current.name_en,
          enteredAt: new Date(current.entered_at),
        }
      : null,
    moves: moves.map((m) => ({
      fromLayerId: m.from_layer_id,
      fromName: m.from_name,
      toLayerId: m.to_layer_id,
      toName: m.to_name,
      reason: m.reason,
      movedAt: new Date(m.moved_at),
    })),
  };
}
