import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { customerTagHistory, customerTags, tags } from "./tables.js";

async function requireCustomer(tx: Tx, merchantId: string, customerId: string): Promise<void> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from customers where merchant_id = ${merchantId} and id = ${customerId}`),
  );
  if (rows.length === 0) throw notFound("Customer");
}

/** A customer's tags with why each is there (rule and version, or who added it and their note). */
export async function listCustomerTags(tx: Tx, merchantId: string, customerId: string) {
  await requireCustomer(tx, merchantId, customerId);
  const rows = await tx
    .select({
      tagId: tags.id,
      name: tags.name,
      color: tags.color,
      groupId: tags.groupId,
      kind: tags.kind,
      source: customerTags.source,
      reason: customerTags.reason,
      ruleVersion: customerTags.ruleVersion,
      addedAt: customerTags.addedAt,
      actorType: customerTags.actorType,
      actorId: customerTags.actorId,
      actorName: customerTags.actorName,
    })
    .from(customerTags)
    .innerJoin(tags, and(eq(tags.merchantId, customerTags.merchantId), eq(tags.id, customerTags.tagId)))
    .where(and(eq(customerTags.merchantId, merchantId), eq(customerTags.customerId, customerId)))
    .orderBy(asc(tags.name));
  return rows.map(({ actorType, actorId, actorName, ...row }) => ({
    ...row,
    addedBy: { type: actorType, id: actorId, name: actorName },
  }));
}

/** Every add and remove of a tag on the customer, newest first. */
export async function listCustomerTagHistory(
  tx: Tx,
  merchantId: string,
  customerId: string,
  page: PageQuery,
) {
  await requireCustomer(tx, merchantId, customerId);
  const after = decodeCursor(page.cursor);
  const h = customerTagHistory;
  const rows = await tx
    .select({
      id: h.id,
      tagId: h.tagId,
      tagName: h.tagName,
      action: h.action,
      source: h.source,
      reason: h.reason,
      ruleVersion: h.ruleVersion,
      actorType: h.actorType,
      actorId: h.actorId,
      actorName: h.actorName,
      occurredAt: h.occurredAt,
    })
    .from(h)
    .where(
      and(
        eq(h.merchantId, merchantId),
        eq(h.customerId, customerId),
        after ? sql`(${h.occurredAt}, ${h.id}) < (${after.at}::timestamptz, ${after.id}::bigint)` : undefined,
      ),
    )
    .orderBy(desc(h.occurredAt), desc(h.id))
    .limit(page.limit + 1);
  const data = rows.map(({ actorType, actorId, actorName, ...row }) => ({
    ...row,
    by: { type: actorType, id: actorId, name: actorName },
  }));
  return toPage(data, page.limit, (e) => ({ at: e.occurredAt.toISOString(), id: String(e.id) }));
}

/** Customers holding a tag, most recently tagged first. */
export async function listTagHolders(tx: Tx, merchantId: string, tagId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = rowsOf<{
    customer_id: string;
    name: string | null;
    phone: string | null;
    source: string;
    reason: string | null;
    added_at: Date | string;
  }>(
    await tx.execute(sql`select ct.customer_id, c.name, c.phone, ct.source, ct.reason, ct.added_at
      from customer_tags ct join customers c on c.merchant_id = ct.merchant_id and c.id = ct.customer_id
      where ct.merchant_id = ${merchantId} and ct.tag_id = ${tagId}
        ${after ? sql`and (ct.added_at, ct.customer_id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by ct.added_at desc, ct.customer_id desc
      limit ${page.limit + 1}`),
  );
  const data = rows.map((r) => ({
    customerId: r.customer_id,
    name: r.name,
    phone: r.phone,
    source: r.source as "manual" | "rule",
    reason: r.reason,
    addedAt: new Date(r.added_at),
  }));
  return toPage(data, page.limit, (r) => ({ at: r.addedAt.toISOString(), id: r.customerId }));
}

/** Gives a merged duplicate's tags to the customer it was merged into (history stays with each). */
export async function reassignCustomerTags(tx: Tx, merchantId: string, fromId: string, toId: string) {
  await tx.execute(sql`insert into customer_tags (merchant_id, customer_id, tag_id, source, reason, actor_type,
      actor_id, actor_name, rule_version, added_at)
    select merchant_id, ${toId}, tag_id, source, reason, actor_type, actor_id, actor_name, rule_version, added_at
      from customer_tags where merchant_id = ${merchantId} and customer_id = ${fromId} and source = 'manual'
    on conflict (merchant_id, customer_id, tag_id) do nothing`);
}
