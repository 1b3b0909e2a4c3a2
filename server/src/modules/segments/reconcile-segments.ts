import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { useBulkWorkMem } from "../../db/bulk-memory.js";
import type { Database } from "../../db/database.js";
import { executeWithCachedPlan } from "../../db/prepared.js";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../lib/uuid-list.js";
import { insertEventsSql } from "../events/record-events.js";
import { matchingCustomersSql } from "../insight/conditions/compile-rule.js";
import { statementForCustomers } from "../insight/conditions/customer-statement-cache.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { segments } from "./tables.js";

export type SegmentRule = { id: string; name: string; rule: RuleNode; ruleVersion: number };
type Scope = { timeZone: string; now: Date; customerIds?: readonly string[] };
export type SegmentChanges = { segmentId: string; entered: number; exited: number };

/**
 * Makes the membership of the given segments true for the customers in scope (all, or
 * customerIds) in one set-based statement, however many segments: the matches and the members are
 * diffed with a full join (so a pass that changes nothing writes nothing), matching non-members
 * enter, members that no longer match exit, and each entry and exit is emitted as an event in the
 * same statement. `on conflict do nothing` and `delete … returning` count each entry and exit once
 * even when two transactions refresh the same customer. Customers outside the scope and other segments are not touched.
 */
async function applySegments(
  tx: Tx,
  merchantId: string,
  listed: readonly SegmentRule[],
  scope: Scope,
  trigger: "change" | "reconcile",
): Promise<SegmentChanges[]> {
  const { customerIds } = scope;
  // Inside an order (some customers) the statement is built once per set of segments and local day.
  const statement = customerIds
    ? statementForCustomers(
        `segments|${merchantId}|${trigger}|${JSON.stringify(listed)}`,
        { ...scope, customerIds },
        (s) => segmentsStatement(merchantId, listed, s, trigger),
      )
    : segmentsStatement(merchantId, listed, scope, trigger);
  const counts = rowsOf<{ segment_id: string; entered: boolean; customers: number }>(
    await executeWithCachedPlan(tx, statement),
  );
  const count = (segmentId: string, entered: boolean) =>
    Number(counts.find((r) => r.segment_id === segmentId && r.entered === entered)?.customers ?? 0);
  return listed.map((s) => ({ segmentId: s.id, entered: count(s.id, true), exited: count(s.id, false) }));
}

function segmentsStatement(
  merchantId: string,
  listed: readonly SegmentRule[],
  scope: Scope,
  trigger: "change" | "reconcile",
): SQL {
  return sql`with ${segmentsCtes(merchantId, listed, scope, trigger)}
    select segment_id, entered, count(*)::int as customers from segments_changed group by segment_id, entered`;
}

/**
 * The statement's work as WITH items (names start with `segments_`), so the order path can run it
 * in one statement with the rule tags' and layers' when the segment rules read neither.
 */
export function segmentsCtes(
  merchantId: string,
  listed: readonly SegmentRule[],
  scope: Scope,
  trigger: "change" | "reconcile",
): SQL {
  const matches = sql.join(
    listed.map(
      (s) =>
        sql`select ${s.id}::uuid as segment_id, customer_id from (${matchingCustomersSql(s.rule, { merchantId, ...scope })}) m`,
    ),
    sql` union all `,
  );
  const definitions = sql.join(
    listed.map((s) => sql`(${s.id}::uuid, ${s.name}::text, ${s.ruleVersion}::int)`),
    sql`, `,
  );
  const inScope = scope.customerIds
    ? sql`and sm.customer_id = any(${uuidArrayLiteral(scope.customerIds)}::uuid[])`
    : sql``;
  return sql`
    segments_matched as (${matches}),
    segments_held as (
      select sm.segment_id, sm.customer_id from segment_members sm
       where sm.merchant_id = ${merchantId} and sm.segment_id = any(${uuidArrayLiteral(listed.map((s) => s.id))}::uuid[])
         ${inScope}
    ),
    segments_diff as (
      select coalesce(x.segment_id, sm.segment_id) as segment_id, coalesce(x.customer_id, sm.customer_id) as customer_id,
             x.customer_id is not null as entering
        from segments_matched x full join segments_held sm on sm.segment_id = x.segment_id and sm.customer_id = x.customer_id
       where x.customer_id is null or sm.customer_id is null
    ),
    segments_entered as (
      insert into segment_members (merchant_id, segment_id, customer_id, entered_at)
      select ${merchantId}, segment_id, customer_id, ${scope.now.toISOString()}::timestamptz from segments_diff where entering
      on conflict (merchant_id, segment_id, customer_id) do nothing
      returning segment_id, customer_id
    ),
    segments_exited as (
      delete from segment_members sm using segments_diff d
       where sm.merchant_id = ${merchantId} and sm.segment_id = d.segment_id
         and sm.customer_id = d.customer_id and not d.entering
      returning sm.segment_id, sm.customer_id
    ),
    segments_changed as (
      select true as entered, segment_id, customer_id from segments_entered
      union all select false, segment_id, customer_id from segments_exited
    ),
    segments_events as (${insertEventsSql(merchantId, {
      from: sql`segments_changed ch join (values ${definitions}) s (segment_id, segment_name, rule_version)
        on s.segment_id = ch.segment_id`,
      customerId: sql`ch.customer_id`,
      type: sql`case when ch.entered then 'segment.entered' else 'segment.exited' end`,
      properties: sql`jsonb_build_object('segmentId', ch.segment_id, 'segmentName', s.segment_name,
        'ruleVersion', s.rule_version, 'trigger', ${trigger}::text)`,
      occurredAt: scope.now,
      source: "system",
    })})`;
}

async function listSegmentRules(tx: Tx, merchantId: string, segmentId?: string): Promise<SegmentRule[]> {
  const rows = await tx
    .select({ id: segments.id, name: segments.name, rule: segments.rule, ruleVersion: segments.ruleVersion })
    .from(segments)
    .where(and(eq(segments.merchantId, merchantId), segmentId ? eq(segments.id, segmentId) : undefined))
    .orderBy(asc(segments.createdAt), asc(segments.id));
  return rows.map((r) => ({ ...r, rule: r.rule as unknown as RuleNode }));
}

/**
 * The merchant's segment rules (oldest first) as one JSON array: a select-list item for a caller
 * that reads several modules' rules in one round trip; parseSegmentRules reads it back.
 */
export function segmentRulesJsonSql(merchantId: string): SQL {
  return sql`(select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'rule', s.rule,
      'ruleVersion', s.rule_version) order by s.created_at, s.id), '[]')
    from segments s where s.merchant_id = ${merchantId})`;
}

export function parseSegmentRules(json: unknown): SegmentRule[] {
  return (typeof json === "string" ? JSON.parse(json) : json) as SegmentRule[];
}

/**
 * The hook for orders, refunds, profile and tag changes: updates every segment of the merchant for
 * just the customers the change touched (all segments in one statement), in the caller's
 * transaction. Call it after metrics, tags and layers are refreshed (segments may read all three).
 */
export async function refreshSegmentsFor(
  tx: Tx,
  merchantId: string,
  customerIds: readonly string[],
  options: { now?: Date; preloaded?: { segments: readonly SegmentRule[]; timeZone: string } } = {},
): Promise<SegmentChanges[]> {
  if (customerIds.length === 0) return [];
  const rules = options.preloaded?.segments ?? (await listSegmentRules(tx, merchantId));
  if (rules.length === 0) return [];
  const scope = {
    timeZone: options.preloaded?.timeZone ?? (await readMerchantTimeZone(tx, merchantId)),
    now: options.now ?? new Date(),
    customerIds,
  };
  return applySegments(tx, merchantId, rules, scope, "change");
}

/** Full reconcile of a merchant's segments (or one): the whole membership diffed, one transaction per segment. */
export async function reconcileSegments(
  database: Database,
  merchantId: string,
  options: { segmentId?: string; now?: Date } = {},
): Promise<SegmentChanges[]> {
  const listed = await withMerchant(database, merchantId, (tx) =>
    listSegmentRules(tx, merchantId, options.segmentId),
  );
  const results: SegmentChanges[] = [];
  for (const { id } of listed) {
    const result = await withMerchant(database, merchantId, async (tx) => {
      await useBulkWorkMem(tx);
      // The rule may have changed since it was listed; reconcile the version stored now.
      const [segment] = await listSegmentRules(tx, merchantId, id);
      if (!segment) return null;
      const now = options.now ?? new Date();
      const scope = { timeZone: await readMerchantTimeZone(tx, merchantId), now };
      const [changes] = await applySegments(tx, merchantId, [segment], scope, "reconcile");
      await tx
        .update(segments)
        .set({ reconciledAt: now })
        .where(and(eq(segments.merchantId, merchantId), eq(segments.id, id)));
      return changes;
    });
    if (result) results.push(result);
  }
  return results;
}
