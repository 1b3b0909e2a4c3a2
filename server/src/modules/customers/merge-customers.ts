import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { mergeCommunities } from "../community/merge-communities.js";
import { reassignCustomerEvents } from "../events/list-events.js";
import { recordEvent } from "../events/record-events.js";
import { refreshInsightFor } from "../insight/refresh-insight.js";
import { mergeLoyalty } from "../loyalty/merge-loyalty.js";
import { mergeMessaging } from "../messaging/merge-messaging.js";
import { reassignCustomerOrders } from "../orders/reassign-orders.js";
import { mergePromotions } from "../promotions/merge-promotions.js";
import { reassignCustomerTags } from "../tags/customer-tags.js";
import { customerColumns } from "./customer-view.js";
import { getCustomer } from "./find-customers.js";
import type { Customer } from "./schemas.js";
import { customerIdentities, customers } from "./tables.js";

const fillable = [
  "name",
  "phone",
  "externalId",
  "email",
  "gender",
  "birthday",
  "province",
  "city",
  "district",
  "occupation",
  "sourceChannel",
  "note",
] as const;

/**
 * Folds a duplicate into the kept customer: its identities, orders and events move over, blank
 * profile fields are filled from it, and it stays behind as a tombstone pointing at the kept one
 * (so old ids held by integrators still resolve).
 */
export async function mergeCustomers(
  tx: Tx,
  merchantId: string,
  keptId: string,
  duplicateId: string,
  source: string,
): Promise<Customer> {
  const kept = await getCustomer(tx, merchantId, keptId);
  const duplicate = await getCustomer(tx, merchantId, duplicateId);
  if (kept.id === duplicate.id)
    throw new AppError("validation_failed", "A customer cannot be merged into itself");
  const filled = Object.fromEntries(
    fillable.filter((f) => kept[f] == null && duplicate[f] != null).map((f) => [f, duplicate[f]]),
  );
  await tx
    .update(customerIdentities)
    .set({ customerId: kept.id })
    .where(
      and(eq(customerIdentities.merchantId, merchantId), eq(customerIdentities.customerId, duplicate.id)),
    );
  await tx
    .update(customers)
    .set({ mergedIntoId: kept.id, phone: null, externalId: null, updatedAt: sql`now()` })
    .where(and(eq(customers.merchantId, merchantId), eq(customers.id, duplicate.id)));
  const ordersMoved = await reassignCustomerOrders(tx, merchantId, duplicate.id, kept.id);
  await reassignCustomerTags(tx, merchantId, duplicate.id, kept.id);
  await reassignCustomerEvents(tx, merchantId, duplicate.id, kept.id);
  await mergeLoyalty(tx, merchantId, duplicate.id, kept.id, source);
  await mergePromotions(tx, merchantId, duplicate.id, kept.id);
  await mergeCommunities(tx, merchantId, duplicate.id, kept.id);
  await mergeMessaging(tx, merchantId, duplicate.id, kept.id);
  const [merged] = await tx
    .update(customers)
    .set({
      ...filled,
      attributes: { ...duplicate.attributes, ...kept.attributes },
      joinedAt: earliest(kept.joinedAt, duplicate.joinedAt),
      updatedAt: sql`now()`,
    })
    .where(and(eq(customers.merchantId, merchantId), eq(customers.id, kept.id)))
    .returning(customerColumns);
  // After the events moved and the kept profile was filled: the duplicate's exits stay its own.
  await refreshInsightFor(tx, merchantId, [kept.id, duplicate.id]);
  await recordEvent(tx, merchantId, {
    customerId: kept.id,
    type: "customer.merged",
    properties: { duplicateId: duplicate.id, ordersMoved, fieldsFilled: Object.keys(filled) },
    source,
  });
  return merged!;
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}
