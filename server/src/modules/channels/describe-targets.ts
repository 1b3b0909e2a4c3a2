import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { readAsMerchant } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { type BatchLoader, createBatchLoader } from "../../lib/batch-loader.js";
import { selectCommunitiesForRouting } from "../community/community-routing.js";
import { selectStaffForRouting } from "../staff/staff-routing.js";
import type { MemberTarget } from "./schemas.js";

type TargetRow = {
  id: string;
  kind: "community" | "staff";
  community_id: string | null;
  staff_id: string | null;
  name: string | null;
  platform: string | null;
  join_url: string | null;
  has_qr: boolean;
  qr_expires_at: string | Date | null;
};

async function readTargets(database: Database, merchantId: string, ids: string[]) {
  const rows = await readAsMerchant(database, merchantId, async (tx) =>
    rowsOf<TargetRow>(
      await tx.execute(sql`select t.id, t.kind, t.community_id, t.staff_id, coalesce(c.name, s.name) as name, c.platform, c.join_url,
          case t.kind when 'community' then coalesce(c.has_join_qr, false) else coalesce(k.qr_image is not null, false) end as has_qr,
          coalesce(c.join_qr_expires_at, k.qr_expires_at) as qr_expires_at
        from live_code_targets t
        left join ${selectCommunitiesForRouting(merchantId)} c on c.id = t.community_id
        left join ${selectStaffForRouting(merchantId)} s on s.id = t.staff_id
        left join channel_staff_cards k on k.merchant_id = t.merchant_id and k.staff_id = t.staff_id
        where t.merchant_id = ${merchantId} and t.id = any(${`{${ids.join(",")}}`}::uuid[])`),
    ),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

const loaders = new WeakMap<Database, BatchLoader<string, TargetRow | null>>();

/**
 * The routed target as the member sees it: where to join, and whether there is a QR image to show.
 * The answers a burst of scans asks for in one event-loop turn are read together, one statement per
 * shop on the read pool (the targets of a code hardly change, and nothing is cached).
 */
export async function describeTargetInBatch(
  database: Database,
  merchantId: string,
  targetId: string,
  slug: string,
  code: string,
): Promise<MemberTarget | null> {
  let loader = loaders.get(database);
  if (!loader) {
    loader = createBatchLoader((shop, ids: string[]) => readTargets(database, shop, ids), { missing: null });
    loaders.set(database, loader);
  }
  const row = await loader(merchantId, targetId);
  return row ? memberTargetOf(row, slug, code) : null;
}

function memberTargetOf(row: TargetRow, slug: string, code: string): MemberTarget {
  const qrExpiresAt = row.qr_expires_at ? new Date(row.qr_expires_at) : null;
  if (row.kind === "staff" && row.staff_id) {
    return {
      kind: "staff",
      staffId: row.staff_id,
      name: row.name ?? "",
      hasQrImage: row.has_qr,
      qrExpiresAt,
    };
  }
  const communityId = row.community_id ?? "";
  const builtin = row.platform === "builtin";
  return {
    kind: "community",
    communityId,
    name: row.name ?? "",
    platform: row.platform ?? "other",
    joinUrl: builtin ? `/m/${slug}/community/${communityId}?source=livecode:${code}` : row.join_url,
    hasQrImage: !builtin && row.has_qr,
    qrExpiresAt,
  };
}
