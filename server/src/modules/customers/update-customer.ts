import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { recordEvent } from "../events/record-events.js";
import { refreshInsightFor } from "../insight/refresh-insight.js";
import { customerColumns } from "./customer-view.js";
import { getCustomer } from "./find-customers.js";
import { claimIdentityOrFail, releaseIdentity } from "./identities.js";
import type { Customer, CustomerFields } from "./schemas.js";
import { customers } from "./tables.js";

/** Moves a phone or external id identity along with the profile field that mirrors it. */
async function moveIdentity(
  tx: Tx,
  merchantId: string,
  customerId: string,
  kind: "phone" | "external_id",
  from: string | null,
  to: string | null | undefined,
) {
  if (to === undefined || to === from) return;
  if (from) await releaseIdentity(tx, merchantId, customerId, kind, from);
  if (to) await claimIdentityOrFail(tx, merchantId, customerId, kind, to);
}

/** Changes the given profile fields; returns the customer and the names of the fields that changed. */
export async function updateCustomer(
  tx: Tx,
  merchantId: string,
  id: string,
  fields: CustomerFields,
  source: string,
): Promise<{ customer: Customer; changed: string[] }> {
  const before = await getCustomer(tx, merchantId, id);
  await moveIdentity(tx, merchantId, before.id, "phone", before.phone, fields.phone);
  await moveIdentity(tx, merchantId, before.id, "external_id", before.externalId, fields.externalId);
  const changed = Object.entries(fields)
    .filter(([key, value]) => JSON.stringify(before[key as keyof Customer]) !== JSON.stringify(value))
    .map(([key]) => key);
  if (changed.length === 0) return { customer: before, changed };
  const [customer] = await tx
    .update(customers)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(customers.merchantId, merchantId), eq(customers.id, before.id)))
    .returning(customerColumns);
  if (!customer) throw notFound("Customer");
  await recordEvent(tx, merchantId, {
    customerId: customer.id,
    type: "customer.updated",
    properties: { fields: changed },
    source,
  });
  await refreshInsightFor(tx, merchantId, [customer.id]);
  return { customer, changed };
}
