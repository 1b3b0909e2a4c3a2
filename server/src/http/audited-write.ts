import type { FastifyRequest } from "fastify";
import type { Database } from "../db/database.js";
import { type Tx, withMerchant } from "../db/tenant.js";
import { recordAudit } from "../modules/audit/record-audit.js";
import { contextOf } from "./request-context.js";

export type AuditOf<T> = {
  action: string;
  targetType?: string;
  /** The changed record's id, from the result (a create) or known up front. */
  targetId?: string | ((result: T) => string);
  details?: Record<string, unknown>;
};

/**
 * Runs a staff or integration change for the request's merchant and writes its audit entry in the
 * same transaction, so the entry exists exactly when the change does.
 */
export function auditedWrite<T>(
  database: Database,
  request: FastifyRequest,
  audit: AuditOf<T>,
  change: (tx: Tx, merchantId: string) => Promise<T>,
): Promise<T> {
  const { merchantId, actor } = contextOf(request);
  return withMerchant(database, merchantId, async (tx) => {
    const result = await change(tx, merchantId);
    await recordAudit(tx, merchantId, {
      actor,
      action: audit.action,
      targetType: audit.targetType,
      targetId: typeof audit.targetId === "function" ? audit.targetId(result) : audit.targetId,
      details: audit.details,
      ip: request.ip,
    });
    return result;
  });
}
