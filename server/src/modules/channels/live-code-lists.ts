import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { selectCommunitiesForRouting } from "../community/community-routing.js";
import { selectStaffForRouting } from "../staff/staff-routing.js";
import { compareByKind, computeLiveCodeStats } from "./live-code-stats.js";
import { liveCodePath } from "./live-codes.js";
import type { LiveCodeListItem } from "./schemas.js";
import type { LiveCodeKind, RoutingStrategy } from "./tables.js";

type ListRow = {
  id: string;
  code: string;
  name: string;
  kind: LiveCodeKind;
  strategy: RoutingStrategy;
  cost: string | number;
  status: "active" | "archived";
  target_count: number;
  created_at: string | Date;
};

/** Live codes, newest first, each with its scans, joins and cost per join. */
export async function listLiveCodes(
  tx: Tx,
  merchantId: string,
  filter: { status?: "active" | "archived" },
): Promise<LiveCodeListItem[]> {
  const rows = rowsOf<ListRow>(
    await tx.execute(sql`select c.id, c.code, c.name, c.kind, c.strategy, c.cost, c.status, c.created_at,
        (select count(*)::int from live_code_targets t where t.merchant_id = c.merchant_id and t.live_code_id = c.id
          and t.removed_at is null) as target_count
      from live_codes c where c.merchant_id = ${merchantId}
        ${filter.status ? sql`and c.status = ${filter.status}` : sql``}
      order by c.created_at desc, c.id limit 500`),
  );
  const stats = await computeLiveCodeStats(
    tx,
    merchantId,
    rows.map((r) => ({ id: r.id, cost: Number(r.cost) })),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    path: liveCodePath(r.code),
    name: r.name,
    kind: r.kind,
    strategy: r.strategy,
    cost: Number(r.cost),
    status: r.status,
    targetCount: r.target_count,
    createdAt: new Date(r.created_at),
    stats: stats.get(r.id) ?? {
      scans: 0,
      uniqueScanners: 0,
      joins: 0,
      newMembers: 0,
      firstOrders: 0,
      revenue: 0,
      costPerJoin: null,
    },
  }));
}

/** The channel comparison: every code's figures and their sums per channel kind. */
export async function compareChannels(tx: Tx, merchantId: string) {
  const codes = await listLiveCodes(tx, merchantId, {});
  return { codes, kinds: compareByKind(codes) };
}

export type LiveCodeWarning =
  | {
      kind: "nearly_full";
      liveCodeId: string;
      liveCodeName: string;
      targetId: string;
      targetName: string;
      targetKind: "community" | "staff";
      assigned: number;
      capacity: number;
    }
  | {
      kind: "qr_expiring";
      liveCodeId: string;
      liveCodeName: string;
      targetId: string;
      targetName: string;
      targetKind: "community" | "staff";
      /** null = no expiry recorded for an uploaded QR image. */
      expiresAt: Date;
    };

/**
 * What staff should act on: groups past the code's warning share (open the next group), and
 * group or staff QR images that expire within 24 hours or have expired (upload a fresh one).
 */
export async function listLiveCodeWarnings(
  tx: Tx,
  merchantId: string,
  now: Date,
): Promise<LiveCodeWarning[]> {
  const soon = new Date(now.getTime() + 24 * 3600_000);
  const rows = rowsOf<{
    live_code_id: string;
    live_code_name: string;
    target_id: string;
    target_name: string | null;
    target_kind: "community" | "staff";
    assigned: number;
    capacity: number | null;
    warn_percent: number;
    expires_at: string | Date | null;
  }>(
    await tx.execute(sql`select l.id as live_code_id, l.name as live_code_name, t.id as target_id,
        coalesce(c.name, s.name) as target_name, t.kind as target_kind, t.assigned, t.capacity, l.warn_percent,
        coalesce(c.join_qr_expires_at, k.qr_expires_at) as expires_at
      from live_code_targets t
      join live_codes l on l.merchant_id = t.merchant_id and l.id = t.live_code_id and l.status = 'active'
      left join ${selectCommunitiesForRouting(merchantId)} c on c.id = t.community_id and c.platform <> 'builtin'
      left join ${selectStaffForRouting(merchantId)} s on s.id = t.staff_id
      left join channel_staff_cards k on k.merchant_id = t.merchant_id and k.staff_id = t.staff_id
      where t.merchant_id = ${merchantId} and t.removed_at is null and t.enabled
      order by l.created_at desc, t.position`),
  );
  const warnings: LiveCodeWarning[] = [];
  for (const r of rows) {
    const base = {
      liveCodeId: r.live_code_id,
      liveCodeName: r.live_code_name,
      targetId: r.target_id,
      targetName: r.target_name ?? "",
      targetKind: r.target_kind,
    };
    if (r.capacity !== null && r.assigned * 100 >= r.capacity * r.warn_percent) {
      warnings.push({ kind: "nearly_full", ...base, assigned: r.assigned, capacity: r.capacity });
    }
    if (r.expires_at && new Date(r.expires_at) <= soon) {
      warnings.push({ kind: "qr_expiring", ...base, expiresAt: new Date(r.expires_at) });
    }
  }
  return warnings;
}
