import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { communities } from "./tables.js";

/**
 * What live-code routing reads of a shop's communities, as a relation to join in the caller's own
 * query (the scan is a measured hot path: joining this costs no extra round trip). Columns: id,
 * name, platform, join_url, capacity, open (active and not full), has_join_qr, join_qr_expires_at,
 * join_qr_image, join_qr_content_type.
 */
export function selectCommunitiesForRouting(merchantId: string): SQL {
  return sql`(select id, name, platform, join_url, capacity,
      status = 'active' and (capacity is null or member_count < capacity) as open,
      join_qr_image is not null as has_join_qr, join_qr_expires_at, join_qr_image, join_qr_content_type
    from communities where merchant_id = ${merchantId})`;
}

export type RoutingCommunity = { id: string; name: string; capacity: number | null };

/** The named communities of a shop by id (unknown ids are left out). */
export async function getCommunitiesForRouting(
  tx: Tx,
  merchantId: string,
  ids: string[],
): Promise<Map<string, RoutingCommunity>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: communities.id, name: communities.name, capacity: communities.capacity })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), inArray(communities.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Active communities for a picker, newest first, with their fill and join-QR expiry. */
export async function listCommunityOptions(tx: Tx, merchantId: string) {
  return tx
    .select({
      id: communities.id,
      name: communities.name,
      platform: communities.platform,
      capacity: communities.capacity,
      memberCount: communities.memberCount,
      qrExpiresAt: communities.joinQrExpiresAt,
    })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.status, "active")))
    .orderBy(sql`${communities.createdAt} desc`)
    .limit(500);
}
