import type { Tx } from "../../db/tenant.js";
import type { Principal } from "../../http/access.js";
import { auditLog } from "./tables.js";

/** Who did it: a request principal, or the system / the command line. */
export type Actor = Principal | { kind: "system" | "cli"; name: string };

export type AuditEntry = {
  actor: Actor;
  /** `<noun>.<verb>`: customer.create, order.refund, staff.invite, apikey.revoke … */
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string;
};

export function describeActor(actor: Actor): {
  actorType: "staff" | "api_key" | "member" | "system" | "cli";
  actorId: string | null;
  actorName: string | null;
} {
  switch (actor.kind) {
    case "staff":
      return { actorType: "staff", actorId: actor.staffId, actorName: actor.name };
    case "api_key":
      return { actorType: "api_key", actorId: actor.keyId, actorName: actor.name };
    case "member":
      return { actorType: "member", actorId: actor.customerId, actorName: null };
    default:
      return { actorType: actor.kind, actorId: null, actorName: actor.name };
  }
}

/** Writes an audit entry in the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(tx: Tx, merchantId: string, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    merchantId,
    ...describeActor(entry.actor),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  });
}
