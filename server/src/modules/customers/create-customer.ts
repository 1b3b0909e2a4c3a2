import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { recordEvent } from "../events/record-events.js";
import { refreshInsightFor } from "../insight/refresh-insight.js";
import { customerColumns } from "./customer-view.js";
import { claimIdentity, claimIdentityOrFail, findCustomerIdByIdentity } from "./identities.js";
import type { Customer, CustomerFields } from "./schemas.js";
import { customers } from "./tables.js";

type Origin = { source: string; joinedAt?: Date };

async function insertCustomer(tx: Tx, merchantId: string, fields: CustomerFields, origin: Origin) {
  const [row] = await tx
    .insert(customers)
    .values({ merchantId, ...fields, attributes: fields.attributes ?? {}, joinedAt: origin.joinedAt ?? null })
    .returning(customerColumns);
  return row!;
}

async function announce(tx: Tx, merchantId: string, customer: Customer, origin: Origin) {
  await recordEvent(tx, merchantId, {
    customerId: customer.id,
    type: "customer.created",
    properties: { source: origin.source },
    occurredAt: customer.createdAt,
    source: origin.source,
  });
}

/** Creates a customer; a phone or external id another customer has is a 409 naming that customer. */
export async function createCustomer(
  tx: Tx,
  merchantId: string,
  fields: CustomerFields,
  origin: Origin,
): Promise<Customer> {
  const customer = await insertCustomer(tx, merchantId, fields, origin);
  if (fields.phone) await claimIdentityOrFail(tx, merchantId, customer.id, "phone", fields.phone);
  if (fields.externalId)
    await claimIdentityOrFail(tx, merchantId, customer.id, "external_id", fields.externalId);
  await announce(tx, merchantId, customer, origin);
  await refreshInsightFor(tx, merchantId, [customer.id]);
  return customer;
}

export type CustomerRef =
  | { id: string }
  | { externalId: string; phone?: string | null; name?: string | null }
  | { phone: string; name?: string | null };

/**
 * Finds the customer an order or a login names, creating one for a new phone or external id.
 * Parallel requests for the same new person end with one customer: the identity's unique key picks
 * the winner and the losers drop the row they made.
 */
export async function findOrCreateCustomer(
  tx: Tx,
  merchantId: string,
  ref: CustomerRef,
  origin: Origin,
): Promise<{ id: string; created: boolean }> {
  if ("id" in ref) {
    const id = await resolveMergedId(tx, merchantId, ref.id);
    if (!id)
      throw new AppError("unprocessable", `Customer ${ref.id} does not exist`, { field: "customer.id" });
    return { id, created: false };
  }
  const externalId = "externalId" in ref ? ref.externalId : null;
  const existing =
    (externalId && (await findCustomerIdByIdentity(tx, merchantId, "external_id", externalId))) ||
    (ref.phone && (await findCustomerIdByIdentity(tx, merchantId, "phone", ref.phone)));
  if (existing) {
    if (externalId) await claimIdentity(tx, merchantId, existing, "external_id", externalId);
    return { id: existing, created: false };
  }
  const fields = { name: ref.name ?? null, phone: ref.phone ?? null, externalId };
  const customer = await insertCustomer(tx, merchantId, fields, origin);
  const [kind, value] = externalId
    ? (["external_id", externalId] as const)
    : (["phone", ref.phone!] as const);
  const holder = await claimIdentity(tx, merchantId, customer.id, kind, value);
  if (holder !== customer.id) {
    await tx
      .delete(customers)
      .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customer.id)));
    return { id: holder, created: false };
  }
  if (externalId && ref.phone) {
    const phoneHolder = await claimIdentity(tx, merchantId, customer.id, "phone", ref.phone);
    if (phoneHolder !== customer.id) {
      await tx
        .update(customers)
        .set({ phone: null })
        .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customer.id)));
    }
  }
  await announce(tx, merchantId, customer, origin);
  return { id: customer.id, created: true };
}

/** The live customer for an id, following merges; null when there is none. */
export async function resolveMergedId(tx: Tx, merchantId: string, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < 5; hop++) {
    const [row] = await tx
      .select({ mergedIntoId: customers.mergedIntoId })
      .from(customers)
      .where(and(eq(customers.merchantId, merchantId), eq(customers.id, current)));
    if (!row) return null;
    if (!row.mergedIntoId) return current;
    current = row.mergedIntoId;
  }
  return current;
}

/** The live customer for an id (following merges), or 404. */
export async function requireLiveCustomerId(tx: Tx, merchantId: string, id: string): Promise<string> {
  const live = await resolveMergedId(tx, merchantId, id);
  if (!live) throw notFound("Customer");
  return live;
}
