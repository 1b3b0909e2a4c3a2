import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { auditLog } from "./tables.js";

export async function listAuditLog(tx: Tx, merchantId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select({
      id: auditLog.id,
      actorType: auditLog.actorType,
      actorName: auditLog.actorName,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      ip: auditLog.ip,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.merchantId, merchantId),
        after
          ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after.at}::timestamptz, ${after.id}::bigint)`
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (r) => ({ at: r.createdAt.toISOString(), id: String(r.id) }));
}
