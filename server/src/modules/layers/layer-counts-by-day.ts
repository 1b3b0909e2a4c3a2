import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { listLayerDefinitions } from "./default-layers.js";

export type LayerDayCounts = {
  id: string;
  name: string;
  nameEn: string | null;
  /** null for a layer that has since been removed. */
  position: number | null;
  /** Customers in the layer at the end of each local day of the range, in order. */
  daily: number[];
};

/**
 * Customers per layer at the end of each local day [firstDay, lastDay] (dashboard), walked back from
 * the current placement: a day's count is today's less the moves into the layer after that day plus
 * the moves out of it. Only moves after the range's first day are read (one index range of
 * layer_moves), whatever the number of customers. Removed layers are listed while they held anyone.
 */
export async function layerCountsByDay(
  tx: Tx,
  merchantId: string,
  range: { firstDay: string; lastDay: string; timeZone: string },
): Promise<LayerDayCounts[]> {
  const zone = range.timeZone;
  const current = rowsOf<{ layer_id: string; n: number }>(
    await tx.execute(sql`select layer_id, count(*)::int as n from customer_layers
      where merchant_id = ${merchantId} group by layer_id`),
  );
  // Net moves into each layer per local day after the first; days after the last collapse into one.
  const net = rowsOf<{ day: string; layer_id: string; name: string | null; net_in: number }>(
    await tx.execute(sql`
      with moved as (
        select least((moved_at at time zone ${zone})::date, ${range.lastDay}::date + 1) as day,
               from_layer_id, from_name, to_layer_id, to_name
          from layer_moves
         where merchant_id = ${merchantId}
           and moved_at >= ((${range.firstDay}::date + 1)::timestamp at time zone ${zone})
      )
      select day::text as day, layer_id, max(name) as name, sum(delta)::int as net_in from (
        select day, to_layer_id as layer_id, to_name as name, 1 as delta from moved where to_layer_id is not null
        union all
        select day, from_layer_id, from_name, -1 from moved where from_layer_id is not null
      ) m group by 1, 2`),
  );
  const days = localDays(range.firstDay, range.lastDay);
  const defined = await listLayerDefinitions(tx, merchantId);
  const layers = new Map<string, Omit<LayerDayCounts, "daily">>(
    defined.map((l) => [l.id, { id: l.id, name: l.name, nameEn: l.nameEn, position: l.position }]),
  );
  for (const row of net) {
    if (!layers.has(row.layer_id))
      layers.set(row.layer_id, { id: row.layer_id, name: row.name ?? "", nameEn: null, position: null });
  }
  const netByKey = new Map(net.map((r) => [`${r.layer_id}|${r.day}`, Number(r.net_in)]));
  const afterLast = addDay(range.lastDay);
  const currentBy = new Map(current.map((c) => [c.layer_id, Number(c.n)]));
  const result: LayerDayCounts[] = [];
  for (const layer of layers.values()) {
    const daily: number[] = new Array(days.length);
    let count = (currentBy.get(layer.id) ?? 0) - (netByKey.get(`${layer.id}|${afterLast}`) ?? 0);
    for (let i = days.length - 1; i >= 0; i--) {
      daily[i] = count;
      count -= netByKey.get(`${layer.id}|${days[i]}`) ?? 0;
    }
    if (layer.position === null && daily.every((n) => n === 0)) continue;
    result.push({ ...layer, daily });
  }
  return result.sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9));
}

function addDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function localDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDay(d)) days.push(d);
  return days;
}
