import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../lib/uuid-list.js";
import { sumOrdersAfter } from "../orders/orders-after.js";
import type { LiveCodeStats } from "./schemas.js";
import type { LiveCodeKind } from "./tables.js";

const empty = (): Omit<LiveCodeStats, "costPerJoin"> => ({
  scans: 0,
  uniqueScanners: 0,
  joins: 0,
  newMembers: 0,
  firstOrders: 0,
  revenue: 0,
});

export const costPerJoin = (cost: number, joins: number) => (joins > 0 ? Math.round(cost / joins) : null);

/**
 * Attribution per live code: scans (bots left out) and unique scanners (by visitor cookie), joins
 * (customers who signed in through the code) and new members among them, and the orders of those
 * customers after they joined — first orders = how many of them ordered, revenue = what they spent.
 */
export async function computeLiveCodeStats(
  tx: Tx,
  merchantId: string,
  codes: { id: string; cost: number }[],
): Promise<Map<string, LiveCodeStats>> {
  const ids = uuidArrayLiteral(codes.map((c) => c.id));
  const figures = new Map(codes.map((c) => [c.id, empty()]));
  const scans = rowsOf<{ id: string; scans: number; unique_scanners: number }>(
    await tx.execute(sql`select live_code_id as id, count(*)::int as scans, count(distinct visitor_id)::int as unique_scanners
      from live_code_scans where merchant_id = ${merchantId} and live_code_id = any(${ids}::uuid[]) and not is_bot
      group by live_code_id`),
  );
  for (const r of scans)
    Object.assign(figures.get(r.id) ?? {}, { scans: r.scans, uniqueScanners: r.unique_scanners });
  const joins = rowsOf<{ id: string; joins: number; new_members: number }>(
    await tx.execute(sql`select live_code_id as id, count(*)::int as joins, count(*) filter (where new_member)::int as new_members
      from live_code_assignments where merchant_id = ${merchantId} and live_code_id = any(${ids}::uuid[])
      group by live_code_id`),
  );
  for (const r of joins)
    Object.assign(figures.get(r.id) ?? {}, { joins: r.joins, newMembers: r.new_members });
  const orders = await sumOrdersAfter(
    tx,
    merchantId,
    sql`select live_code_id as key, customer_id, assigned_at as since from live_code_assignments
      where merchant_id = ${merchantId} and live_code_id = any(${ids}::uuid[])`,
  );
  for (const r of orders)
    Object.assign(figures.get(r.key) ?? {}, { firstOrders: r.buyers, revenue: r.revenue });
  return new Map(
    codes.map((c) => {
      const f = figures.get(c.id) ?? empty();
      return [c.id, { ...f, costPerJoin: costPerJoin(c.cost, f.joins) }];
    }),
  );
}

export type KindComparison = { kind: LiveCodeKind; codes: number; cost: number } & Omit<
  LiveCodeStats,
  "costPerJoin"
> & {
    costPerJoin: number | null;
  };

/** Sums per channel kind for the comparison table. */
export function compareByKind(
  codes: { kind: LiveCodeKind; cost: number; stats: LiveCodeStats }[],
): KindComparison[] {
  const byKind = new Map<LiveCodeKind, KindComparison>();
  for (const c of codes) {
    const k = byKind.get(c.kind) ?? { kind: c.kind, codes: 0, cost: 0, ...empty(), costPerJoin: null };
    k.codes += 1;
    k.cost += c.cost;
    k.scans += c.stats.scans;
    k.uniqueScanners += c.stats.uniqueScanners;
    k.joins += c.stats.joins;
    k.newMembers += c.stats.newMembers;
    k.firstOrders += c.stats.firstOrders;
    k.revenue += c.stats.revenue;
    k.costPerJoin = costPerJoin(k.cost, k.joins);
    byKind.set(c.kind, k);
  }
  return [...byKind.values()].sort((a, b) => b.joins - a.joins || a.kind.localeCompare(b.kind));
}
