import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import { firstMatchSql } from "./evaluate-layers.js";
import { checkLayerSet } from "./layer-settings.js";
import type { LayerInput } from "./schemas.js";

/** How many customers each layer of a proposed set would hold (first match, top down), without saving. */
export async function previewLayers(tx: Tx, merchantId: string, input: readonly LayerInput[], now: Date) {
  const rules = await checkLayerSet(tx, merchantId, input);
  const timeZone = await readMerchantTimeZone(tx, merchantId);
  const ranked = input.map((_, i) => ({ rule: rules[i] ?? null }));
  const counts = rowsOf<{ layer_index: number; n: number }>(
    await tx.execute(sql`select layer_index, count(*)::int as n
      from (${firstMatchSql(ranked, { merchantId, timeZone, now })}) t group by layer_index`),
  );
  const byIndex = new Map(counts.map((c) => [c.layer_index, c.n]));
  const data = input.map((l, i) => ({
    id: l.id ?? null,
    name: l.name,
    nameEn: l.nameEn,
    count: byIndex.get(i) ?? 0,
  }));
  return { data, total: data.reduce((n, l) => n + l.count, 0), timeZone };
}
