import { and, desc, eq, ilike, isNull, like, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { normalizePhone } from "../../lib/phone.js";
import { summarizeCustomerOrders } from "../orders/order-summary.js";
import { resolveMergedId } from "./create-customer.js";
import { customerColumns } from "./customer-view.js";
import type { Customer, CustomerDetail } from "./schemas.js";
import { customerIdentities, customers } from "./tables.js";

export type CustomerSearch = { q?: string; phone?: string; externalId?: string };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function searchConditions(search: CustomerSearch): SQL[] {
  const conditions: SQL[] = [];
  if (search.phone) conditions.push(eq(customers.phone, normalizePhone(search.phone)));
  if (search.externalId) conditions.push(eq(customers.externalId, search.externalId));
  if (search.q) {
    const prefix = `${escapeLike(search.q)}%`;
    conditions.push(
      or(
        ilike(customers.name, `%${escapeLike(search.q)}%`),
        like(customers.phone, `${escapeLike(normalizePhone(search.q))}%`),
        like(customers.externalId, prefix),
      )!,
    );
  }
  return conditions;
}

/** Customers newest first, searched by name, phone or external id, one keyset page at a time. */
export async function listCustomers(tx: Tx, merchantId: string, search: CustomerSearch, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select(customerColumns)
    .from(customers)
    .where(
      and(
        eq(customers.merchantId, merchantId),
        isNull(customers.mergedIntoId),
        ...searchConditions(search),
        after
          ? sql`(${customers.createdAt}, ${customers.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (c) => ({ at: c.createdAt.toISOString(), id: c.id }));
}

/** One customer (following merges), or 404. */
export async function getCustomer(tx: Tx, merchantId: string, id: string): Promise<Customer> {
  const liveId = await resolveMergedId(tx, merchantId, id);
  const [row] = liveId
    ? await tx
        .select(customerColumns)
        .from(customers)
        .where(and(eq(customers.merchantId, merchantId), eq(customers.id, liveId)))
    : [];
  if (!row) throw notFound("Customer");
  return row;
}

/** The customer with identities and an order summary: what integrators and the 360 view read. */
export async function getCustomerDetail(tx: Tx, merchantId: string, id: string): Promise<CustomerDetail> {
  const customer = await getCustomer(tx, merchantId, id);
  const identities = await tx
    .select({
      kind: customerIdentities.kind,
      value: customerIdentities.value,
      createdAt: customerIdentities.createdAt,
    })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.merchantId, merchantId), eq(customerIdentities.customerId, customer.id)))
    .orderBy(customerIdentities.createdAt);
  const summary = await summarizeCustomerOrders(tx, merchantId, customer.id);
  return {
    ...customer,
    identities,
    summary,
  };
}
