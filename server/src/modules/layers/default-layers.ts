import { asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { layers } from "./tables.js";

export type LayerDefinition = {
  id: string;
  position: number;
  name: string;
  nameEn: string;
  rule: RuleNode | null;
};

/**
 * The layers a shop starts with, top (evaluated first) to bottom: 核心 (five or more orders, ¥1,000 net
 * and an order in the last 90 days), 活跃 (two or more orders, one in the last 30 days), 新客 (at most
 * one order, or the first within 30 days), and 普通, which catches everyone else.
 */
export const defaultLayers: { name: string; nameEn: string; rule: RuleNode | null }[] = [
  {
    name: "核心",
    nameEn: "Core",
    rule: {
      all: [
        { field: "metrics.orderCount", op: "gte", value: 5 },
        { field: "metrics.netSpent", op: "gte", value: 100_000 },
        { field: "metrics.lastOrderAt", op: "inLastDays", value: 90 },
      ],
    },
  },
  {
    name: "活跃",
    nameEn: "Active",
    rule: {
      all: [
        { field: "metrics.orderCount", op: "gte", value: 2 },
        { field: "metrics.lastOrderAt", op: "inLastDays", value: 30 },
      ],
    },
  },
  {
    name: "新客",
    nameEn: "New",
    rule: {
      any: [
        { field: "metrics.orderCount", op: "lte", value: 1 },
        { field: "metrics.firstOrderAt", op: "inLastDays", value: 30 },
      ],
    },
  },
  { name: "普通", nameEn: "Regular", rule: null },
];

export async function listLayerDefinitions(tx: Tx, merchantId: string): Promise<LayerDefinition[]> {
  const rows = await tx
    .select({
      id: layers.id,
      position: layers.position,
      name: layers.name,
      nameEn: layers.nameEn,
      rule: layers.rule,
    })
    .from(layers)
    .where(eq(layers.merchantId, merchantId))
    .orderBy(asc(layers.position));
  return rows.map((r) => ({ ...r, rule: r.rule as RuleNode | null }));
}

/**
 * The merchant's layers, creating the defaults on first use. Returns `created: true` when it did,
 * so the caller can place every customer (a full re-evaluation).
 */
export async function ensureLayers(
  tx: Tx,
  merchantId: string,
): Promise<{ layers: LayerDefinition[]; created: boolean }> {
  const existing = await listLayerDefinitions(tx, merchantId);
  if (existing.length > 0) return { layers: existing, created: false };
  // Two first uses at once would both insert the defaults; the lock makes the second see the first's.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`quanzi.layers:${merchantId}`}))`);
  const again = await listLayerDefinitions(tx, merchantId);
  if (again.length > 0) return { layers: again, created: false };
  await tx.insert(layers).values(
    defaultLayers.map((l, i) => ({
      merchantId,
      position: i + 1,
      name: l.name,
      nameEn: l.nameEn,
      rule: l.rule as Record<string, unknown> | null,
    })),
  );
  return { layers: await listLayerDefinitions(tx, merchantId), created: true };
}
