import { and, desc, eq, ilike, isNull, like, or, type SQL, sql } from "drizzle-orm";
import { preparedOn } from "../../db/prepared.js";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { escapeLike } from "../../lib/like-pattern.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { normalizePhone } from "../../lib/phone.js";
import { customerInsightColumn, readCustomerInsight } from "../insight/customer-insight-column.js";
import { customerOrderSummaryColumn, readCustomerOrderSummary } from "../orders/order-summary.js";
import { customerColumns } from "./customer-view.js";
import type { Customer, CustomerDetail, CustomerListItem } from "./schemas.js";
import { customers, type IdentityKind } from "./tables.js";

export type CustomerSearch = {
  q?: string;
  phone?: string;
  externalId?: string;
  wechatOpenid?: string;
  wechatUnionid?: string;
};

const withIdentity = (kind: IdentityKind, value: string) =>
  sql`exists (select 1 from customer_identities i where i.merchant_id = ${customers.merchantId}
    and i.customer_id = ${customers.id} and i.kind = ${kind} and i.value = ${value})`;

function searchConditions(search: CustomerSearch): SQL[] {
  const conditions: SQL[] = [];
  if (search.phone) conditions.push(eq(customers.phone, normalizePhone(search.phone)));
  if (search.externalId) conditions.push(eq(customers.externalId, search.externalId));
  if (search.wechatOpenid) conditions.push(withIdentity("wechat_openid", search.wechatOpenid));
  if (search.wechatUnionid) conditions.push(withIdentity("wechat_unionid", search.wechatUnionid));
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

/**
 * Customers newest first, searched by name, phone or external id, one keyset page at a time, each
 * with its purchase metrics and RFM (read in the same query).
 */
export async function listCustomers(tx: Tx, merchantId: string, search: CustomerSearch, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select({ ...customerColumns, insight: customerInsightColumn(customers.merchantId, customers.id) })
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
  const { data, nextCursor } = toPage(rows, page.limit, (c) => ({ at: c.createdAt.toISOString(), id: c.id }));
  const items: CustomerListItem[] = data.map(({ insight, ...customer }) => ({
    ...customer,
    ...readCustomerInsight(insight),
  }));
  return { data: items, nextCursor };
}

type IdentityJson = { kind: IdentityKind; value: string; createdAt: string };

const identitiesJson = sql<IdentityJson[]>`coalesce((
  select json_agg(json_build_object('kind', i.kind, 'value', i.value, 'createdAt', i.created_at) order by i.created_at)
    from customer_identities i
   where i.merchant_id = ${customers.merchantId} and i.customer_id = ${customers.id}), '[]'::json)`;

function liveCustomerQuery(withIdentities: boolean) {
  const identities = withIdentities ? identitiesJson : sql<IdentityJson[]>`'[]'::json`;
  const orders = withIdentities
    ? customerOrderSummaryColumn(customers.merchantId, customers.id)
    : sql<null>`null::json`;
  const insight = withIdentities
    ? customerInsightColumn(customers.merchantId, customers.id)
    : sql<null>`null::json`;
  return (tx: Tx) =>
    tx
      .select({ ...customerColumns, mergedIntoId: customers.mergedIntoId, identities, orders, insight })
      .from(customers)
      .where(
        and(eq(customers.merchantId, sql.placeholder("merchantId")), eq(customers.id, sql.placeholder("id"))),
      )
      .prepare(withIdentities ? "qz_customer_detail" : "qz_customer");
}

const customerDetailQuery = liveCustomerQuery(true);
const customerQuery = liveCustomerQuery(false);

/** A customer row by id, following merges to the live customer (a few hops at most). */
async function findLive(tx: Tx, merchantId: string, id: string, withIdentities: boolean) {
  const query = withIdentities
    ? preparedOn(tx, "qz_customer_detail", customerDetailQuery)
    : preparedOn(tx, "qz_customer", customerQuery);
  let current = id;
  for (let hop = 0; hop < 5; hop++) {
    const [row] = await query.execute({ merchantId, id: current });
    if (!row) break;
    if (!row.mergedIntoId) return row;
    current = row.mergedIntoId;
  }
  throw notFound("Customer");
}

/** One customer (following merges), or 404. */
export async function getCustomer(tx: Tx, merchantId: string, id: string): Promise<Customer> {
  const {
    mergedIntoId: _merged,
    identities: _none,
    orders: _no,
    insight: _nothing,
    ...customer
  } = await findLive(tx, merchantId, id, false);
  return customer;
}

/** The customer with identities and an order summary: what integrators and the 360 view read. */
export async function getCustomerDetail(tx: Tx, merchantId: string, id: string): Promise<CustomerDetail> {
  const {
    mergedIntoId: _merged,
    identities,
    orders,
    insight,
    ...customer
  } = await findLive(tx, merchantId, id, true);
  const summary = readCustomerOrderSummary(orders);
  return {
    ...customer,
    identities: identities.map((i) => ({ ...i, createdAt: new Date(i.createdAt) })),
    summary,
    ...readCustomerInsight(insight),
  };
}
