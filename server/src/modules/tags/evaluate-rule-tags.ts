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
import { tags } from "./tables.js";

export type RuleTag = { id: string; name: string; rule: RuleNode; ruleVersion: number };
export type EvaluationInput = { timeZone: string; now: Date; customerIds?: readonly string[] };
export type TagEvaluation = { tagId: string; added: number; removed: number };

/**
 * Makes rule tags true for the customers in scope (all, or customerIds), set-based in one
 * statement for all the tags given: customers a rule matches who lack its tag get it, holders it
 * no longer matches lose it; both written to the history and emitted as tag.added / tag.removed
 * in the same statement.
 */
export async function evaluateRuleTags(
  tx: Tx,
  merchantId: string,
  ruleTags: readonly RuleTag[],
  input: EvaluationInput,
): Promise<TagEvaluation[]> {
  if (ruleTags.length === 0) return [];
  const { customerIds } = input;
  // Inside an order (some customers) the statement is built once per rule set and local day.
  const statement = customerIds
    ? statementForCustomers(
        `tags|${merchantId}|${JSON.stringify(ruleTags)}`,
        { ...input, customerIds },
        (scope) => ruleTagsStatement(merchantId, ruleTags, scope),
      )
    : ruleTagsStatement(merchantId, ruleTags, input);
  const counts = rowsOf<{ tag_id: string; action: "added" | "removed"; customers: number }>(
    await executeWithCachedPlan(tx, statement),
  );
  const count = (tagId: string, action: "added" | "removed") =>
    Number(counts.find((r) => r.tag_id === tagId && r.action === action)?.customers ?? 0);
  return ruleTags.map((tag) => ({
    tagId: tag.id,
    added: count(tag.id, "added"),
    removed: count(tag.id, "removed"),
  }));
}

function ruleTagsStatement(merchantId: string, ruleTags: readonly RuleTag[], input: EvaluationInput): SQL {
  return sql`with ${ruleTagsCtes(merchantId, ruleTags, input)}
    select tag_id, action, count(*)::int as customers from tags_changed group by tag_id, action`;
}

/**
 * The statement's work as WITH items (names start with `tags_`), so the order path can run it in
 * one statement with the layers' and segments' when their rules do not read tags.
 */
export function ruleTagsCtes(merchantId: string, ruleTags: readonly RuleTag[], input: EvaluationInput): SQL {
  const now = sql`${input.now.toISOString()}::timestamptz`;
  const definitions = sql.join(
    ruleTags.map((t) => sql`(${t.id}::uuid, ${t.name}::text, ${t.ruleVersion}::int)`),
    sql`, `,
  );
  const matches = sql.join(
    ruleTags.map(
      (t) => sql`select ${t.id}::uuid as tag_id, x.customer_id
        from (${matchingCustomersSql(t.rule, { merchantId, ...input })}) x`,
    ),
    sql` union all `,
  );
  const tagIds = sql.join(
    ruleTags.map((t) => sql`${t.id}::uuid`),
    sql`, `,
  );
  const scope = input.customerIds
    ? sql`and ct.customer_id = any(${uuidArrayLiteral(input.customerIds)}::uuid[])`
    : sql``;
  const history = (action: "added" | "removed", from: string, reason: SQL) => sql`
    select ${merchantId}::uuid, r.customer_id, r.tag_id, t.tag_name, ${action}, 'rule', ${reason}, 'rule',
      r.tag_id::text, t.tag_name, t.rule_version, ${now}
    from ${sql.raw(from)} r join tags_rules t on t.tag_id = r.tag_id`;
  // A full join (always hashed or merged, never a nested loop, whatever the statistics say) finds
  // the customers whose tags must change; a re-evaluation that changes nothing writes nothing.
  return sql`
    tags_rules (tag_id, tag_name, rule_version) as (values ${definitions}),
    tags_matched as (${matches}),
    tags_held as (
      select ct.tag_id, ct.customer_id from customer_tags ct
       where ct.merchant_id = ${merchantId} and ct.tag_id in (${tagIds}) ${scope}
    ),
    tags_changes as (
      select coalesce(x.tag_id, h.tag_id) as tag_id, coalesce(x.customer_id, h.customer_id) as customer_id,
             x.customer_id is not null as matched
        from tags_matched x full join tags_held h on h.tag_id = x.tag_id and h.customer_id = x.customer_id
       where x.customer_id is null or h.customer_id is null
    ),
    tags_added as (
      insert into customer_tags (merchant_id, customer_id, tag_id, source, reason, actor_type, actor_id, actor_name,
        rule_version, added_at)
      select ${merchantId}, ch.customer_id, ch.tag_id, 'rule', 'rule v' || t.rule_version || ' matched', 'rule',
        ch.tag_id::text, t.tag_name, t.rule_version, ${now}
      from tags_changes ch join tags_rules t on t.tag_id = ch.tag_id
      where ch.matched
      on conflict (merchant_id, customer_id, tag_id) do nothing
      returning tag_id, customer_id
    ),
    tags_removed as (
      delete from customer_tags ct using tags_changes ch
       where ct.merchant_id = ${merchantId} and ct.tag_id = ch.tag_id and ct.customer_id = ch.customer_id
         and not ch.matched
      returning ct.tag_id, ct.customer_id
    ),
    tags_history as (
      insert into customer_tag_history (merchant_id, customer_id, tag_id, tag_name, action, source, reason,
        actor_type, actor_id, actor_name, rule_version, occurred_at)
      ${history("added", "tags_added", sql`'rule v' || t.rule_version || ' matched'`)}
      union all
      ${history("removed", "tags_removed", sql`'rule v' || t.rule_version || ' no longer matches'`)}
    ),
    tags_changed as (
      select 'added' as action, tag_id, customer_id from tags_added
      union all select 'removed', tag_id, customer_id from tags_removed
    ),
    tags_events as (${insertEventsSql(merchantId, {
      from: sql`tags_changed r join tags_rules t on t.tag_id = r.tag_id`,
      customerId: sql`r.customer_id`,
      type: sql`'tag.' || r.action`,
      properties: sql`jsonb_build_object('tagId', r.tag_id, 'tagName', t.tag_name, 'source', 'rule',
        'reason', 'rule v' || t.rule_version || case when r.action = 'added' then ' matched' else ' no longer matches' end,
        'ruleVersion', t.rule_version)`,
      occurredAt: input.now,
      source: "system",
    })})`;
}

export async function evaluateRuleTag(tx: Tx, merchantId: string, tag: RuleTag, input: EvaluationInput) {
  const [evaluation] = await evaluateRuleTags(tx, merchantId, [tag], input);
  return evaluation as TagEvaluation;
}

async function listRuleTags(tx: Tx, merchantId: string, tagId?: string): Promise<RuleTag[]> {
  const rows = await tx
    .select({ id: tags.id, name: tags.name, rule: tags.rule, ruleVersion: tags.ruleVersion })
    .from(tags)
    .where(
      and(eq(tags.merchantId, merchantId), eq(tags.kind, "rule"), tagId ? eq(tags.id, tagId) : undefined),
    )
    .orderBy(asc(tags.createdAt), asc(tags.id));
  return rows.map((r) => ({ ...r, rule: r.rule as unknown as RuleNode }));
}

/**
 * The merchant's rule tags as one JSON array (oldest first), a select-list item for a caller that
 * reads several modules' rules in one round trip; parseRuleTags reads it back.
 */
export function ruleTagsJsonSql(merchantId: string): SQL {
  return sql`(select coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'rule', t.rule,
      'ruleVersion', t.rule_version) order by t.created_at, t.id), '[]')
    from tags t where t.merchant_id = ${merchantId} and t.kind = 'rule')`;
}

export function parseRuleTags(json: unknown): RuleTag[] {
  return (typeof json === "string" ? JSON.parse(json) : json) as RuleTag[];
}

/**
 * The hook for orders, refunds and profile changes: re-evaluates every rule tag for the customers
 * the change touched, in the caller's transaction (so the tags change exactly when the data does).
 */
export async function reevaluateRuleTagsFor(
  tx: Tx,
  merchantId: string,
  customerIds: readonly string[],
  options: { now?: Date } = {},
): Promise<TagEvaluation[]> {
  if (customerIds.length === 0) return [];
  // One round trip for the rule tags and the merchant's clock.
  const [row] = rowsOf<{ rule_tags: unknown; time_zone: string }>(
    await tx.execute(sql`select m.time_zone, ${ruleTagsJsonSql(merchantId)} as rule_tags
      from merchants m where m.id = ${merchantId}`),
  );
  const ruleTags = parseRuleTags(row?.rule_tags ?? []);
  if (ruleTags.length === 0) return [];
  const timeZone = row?.time_zone ?? "Asia/Shanghai";
  const now = options.now ?? new Date();
  return evaluateRuleTags(tx, merchantId, ruleTags, { timeZone, now, customerIds });
}

/** Full re-evaluation of a merchant's rule tags (or one), one transaction per tag. */
export async function reevaluateRuleTags(
  database: Database,
  merchantId: string,
  options: { tagId?: string; now?: Date } = {},
): Promise<TagEvaluation[]> {
  const ruleTags = await withMerchant(database, merchantId, (tx) =>
    listRuleTags(tx, merchantId, options.tagId),
  );
  const results: TagEvaluation[] = [];
  for (const tag of ruleTags) {
    const result = await withMerchant(database, merchantId, async (tx) => {
      await useBulkWorkMem(tx);
      const timeZone = await readMerchantTimeZone(tx, merchantId);
      const now = options.now ?? new Date();
      // The rule may have changed since it was listed; evaluate the version that is stored now.
      const [current] = await listRuleTags(tx, merchantId, tag.id);
      if (!current) return null;
      const evaluation = await evaluateRuleTag(tx, merchantId, current, { timeZone, now });
      await tx
        .update(tags)
        .set({ evaluatedAt: now })
        .where(and(eq(tags.merchantId, merchantId), eq(tags.id, tag.id)));
      return evaluation;
    });
    if (result) results.push(result);
  }
  return results;
}
