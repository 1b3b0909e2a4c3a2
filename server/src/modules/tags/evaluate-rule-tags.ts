import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { matchingCustomersSql } from "../insight/conditions/compile-rule.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { tags } from "./tables.js";
import { type Assignment, emitChanges, historyInsertSql } from "./tag-assignments.js";
import { uuidArrayLiteral } from "./uuid-list.js";

export type RuleTag = { id: string; name: string; rule: RuleNode; ruleVersion: number };
export type EvaluationInput = { timeZone: string; now: Date; customerIds?: readonly string[] };
export type TagEvaluation = { tagId: string; added: number; removed: number };

/**
 * Makes one rule tag true for the customers in scope (all, or customerIds), set-based in one
 * statement: customers the rule matches and who lack the tag get it, holders it no longer
 * matches lose it; both written to the history, then emitted as tag.added / tag.removed.
 */
export async function evaluateRuleTag(
  tx: Tx,
  merchantId: string,
  tag: RuleTag,
  input: EvaluationInput,
): Promise<TagEvaluation> {
  const matches = matchingCustomersSql(tag.rule, { merchantId, ...input });
  const scope = input.customerIds
    ? sql`and ct.customer_id = any(${uuidArrayLiteral(input.customerIds)}::uuid[])`
    : sql``;
  const added: Assignment = {
    source: "rule",
    reason: `rule v${tag.ruleVersion} matched`,
    actor: { kind: "rule", tagId: tag.id, tagName: tag.name },
    ruleVersion: tag.ruleVersion,
    at: input.now,
  };
  const removed: Assignment = { ...added, reason: `rule v${tag.ruleVersion} no longer matches` };
  // A full join (always hashed or merged, never a nested loop, whatever the statistics say) finds
  // the customers whose tag must change; a re-evaluation that changes nothing writes nothing.
  const result = await tx.execute(sql`
    with matches as (${matches}),
    held as (select ct.customer_id from customer_tags ct where ct.merchant_id = ${merchantId} and ct.tag_id = ${tag.id} ${scope}),
    changes as (
      select coalesce(x.customer_id, h.customer_id) as customer_id, x.customer_id is not null as matched
        from matches x full join held h on h.customer_id = x.customer_id
       where x.customer_id is null or h.customer_id is null
    ),
    added as (
      insert into customer_tags (merchant_id, customer_id, tag_id, source, reason, actor_type, actor_id, actor_name,
        rule_version, added_at)
      select ${merchantId}, customer_id, ${tag.id}, 'rule', ${added.reason}, 'rule', ${tag.id}, ${tag.name},
        ${tag.ruleVersion}::int, ${input.now.toISOString()}::timestamptz
      from changes where matched
      on conflict (merchant_id, customer_id, tag_id) do nothing
      returning customer_id
    ),
    removed as (
      delete from customer_tags ct
       where ct.merchant_id = ${merchantId} and ct.tag_id = ${tag.id}
         and ct.customer_id in (select customer_id from changes where not matched)
      returning customer_id
    ),
    added_history as (${historyInsertSql(merchantId, tag, "added", sql`added`, added)}),
    removed_history as (${historyInsertSql(merchantId, tag, "removed", sql`removed`, removed)})
    select 'added' as action, customer_id from added
    union all select 'removed', customer_id from removed`);
  const rows = rowsOf<{ action: "added" | "removed"; customer_id: string }>(result);
  const addedIds = rows.filter((r) => r.action === "added").map((r) => r.customer_id);
  const removedIds = rows.filter((r) => r.action === "removed").map((r) => r.customer_id);
  await emitChanges(tx, merchantId, tag, addedIds, "added", added);
  await emitChanges(tx, merchantId, tag, removedIds, "removed", removed);
  return { tagId: tag.id, added: addedIds.length, removed: removedIds.length };
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
  const ruleTags = await listRuleTags(tx, merchantId);
  if (ruleTags.length === 0) return [];
  const timeZone = await readMerchantTimeZone(tx, merchantId);
  const now = options.now ?? new Date();
  const results: TagEvaluation[] = [];
  for (const tag of ruleTags) {
    results.push(await evaluateRuleTag(tx, merchantId, tag, { timeZone, now, customerIds }));
  }
  return results;
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
