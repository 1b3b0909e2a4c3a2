import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

/**
 * What the live-code editor can pick: active communities (with fill and QR expiry), active staff
 * and stores. Read here until the community service offers a picker list of its own.
 */
export async function listTargetOptions(tx: Tx, merchantId: string) {
  const communities = rowsOf<{
    id: string;
    name: string;
    platform: string;
    capacity: number | null;
    memberCount: number;
    qrExpiresAt: string | Date | null;
  }>(
    await tx.execute(sql`select id, name, platform, capacity, member_count as "memberCount", join_qr_expires_at as "qrExpiresAt"
      from communities where merchant_id = ${merchantId} and status = 'active' order by created_at desc limit 500`),
  );
  const staff = rowsOf<{ id: string; name: string; role: string }>(
    await tx.execute(sql`select s.id, u.name, s.role from staff s join users u on u.id = s.user_id
      where s.merchant_id = ${merchantId} and s.status = 'active' order by u.name limit 500`),
  );
  const stores = rowsOf<{ id: string; name: string; city: string | null }>(
    await tx.execute(
      sql`select id, name, city from stores where merchant_id = ${merchantId} order by name limit 500`,
    ),
  );
  return {
    communities: communities.map((c) => ({
      ...c,
      qrExpiresAt: c.qrExpiresAt ? new Date(c.qrExpiresAt) : null,
    })),
    staff,
    stores,
  };
}
