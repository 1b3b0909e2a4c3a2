import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { customerIdentities, type IdentityKind } from "./tables.js";

export async function findCustomerIdByIdentity(
  tx: Tx,
  merchantId: string,
  kind: IdentityKind,
  value: string,
): Promise<string | null> {
  const [row] = await tx
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(
      and(
        eq(customerIdentities.merchantId, merchantId),
        eq(customerIdentities.kind, kind),
        eq(customerIdentities.value, value),
      ),
    );
  return row?.customerId ?? null;
}

/**
 * Attaches an identity to a customer. Returns the customer that holds it afterwards: ours, or the
 * one that already had it (the unique key decides races between parallel requests).
 */
export async function claimIdentity(
  tx: Tx,
  merchantId: string,
  customerId: string,
  kind: IdentityKind,
  value: string,
): Promise<string> {
  const inserted = await tx
    .insert(customerIdentities)
    .values({ merchantId, customerId, kind, value })
    .onConflictDoNothing()
    .returning({ customerId: customerIdentities.customerId });
  if (inserted[0]) return customerId;
  return (await findCustomerIdByIdentity(tx, merchantId, kind, value)) ?? customerId;
}

/** Like claimIdentity, but another customer holding the identity is a conflict the caller reports. */
export async function claimIdentityOrFail(
  tx: Tx,
  merchantId: string,
  customerId: string,
  kind: IdentityKind,
  value: string,
): Promise<void> {
  const holder = await claimIdentity(tx, merchantId, customerId, kind, value);
  if (holder !== customerId) {
    const label = kind === "external_id" ? "external id" : kind;
    throw new AppError("already_exists", `Another customer already has ${label} ${value}`, {
      field: kind === "external_id" ? "externalId" : kind,
      customerId: holder,
    });
  }
}

export async function releaseIdentity(
  tx: Tx,
  merchantId: string,
  customerId: string,
  kind: IdentityKind,
  value: string,
): Promise<boolean> {
  const removed = await tx
    .delete(customerIdentities)
    .where(
      and(
        eq(customerIdentities.merchantId, merchantId),
        eq(customerIdentities.kind, kind),
        eq(customerIdentities.value, value),
        eq(customerIdentities.customerId, customerId),
      ),
    )
    .returning({ kind: customerIdentities.kind });
  return removed.length > 0;
}
