import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { eventSourceOf, type TagActor, tagActorColumns } from "./tag-actor.js";
import { emitTagEvents, type TagChange } from "./tag-events.js";

export type TagRef = { id: string; name: string };

/** Why and by whom a tag is added or removed; stored on the tag row and in the history. */
export type Assignment = {
  source: "manual" | "rule";
  reason: string | null;
  actor: TagActor;
  ruleVersion: number | null;
  at: Date;
};

/**
 * The history rows for customers listed in CTE `changed` (column customer_id), as one more CTE:
 * every add and remove is kept with when, who or which rule, and why.
 */
export function historyInsertSql(
  merchantId: string,
  tag: TagRef,
  action: "added" | "removed",
  changed: SQL,
  assignment: Assignment,
): SQL {
  const actor = tagActorColumns(assignment.actor);
  return sql`insert into customer_tag_history (merchant_id, customer_id, tag_id, tag_name, action, source, reason,
      actor_type, actor_id, actor_name, rule_version, occurred_at)
    select ${merchantId}, customer_id, ${tag.id}, ${tag.name}, ${action}, ${assignment.source}, ${assignment.reason},
      ${actor.actorType}, ${actor.actorId}, ${actor.actorName}, ${assignment.ruleVersion}::int,
      ${assignment.at.toISOString()}::timestamptz
    from ${changed}`;
}

/** Tags the customers `targets` selects (column customer_id); those who had it are left alone. */
export async function insertTagAssignments(
  tx: Tx,
  merchantId: string,
  tag: TagRef,
  targets: SQL,
  assignment: Assignment,
): Promise<string[]> {
  const actor = tagActorColumns(assignment.actor);
  const result = await tx.execute(sql`
    with added as (
      insert into customer_tags (merchant_id, customer_id, tag_id, source, reason, actor_type, actor_id, actor_name,
        rule_version, added_at)
      select ${merchantId}, t.customer_id, ${tag.id}, ${assignment.source}, ${assignment.reason}, ${actor.actorType},
        ${actor.actorId}, ${actor.actorName}, ${assignment.ruleVersion}::int, ${assignment.at.toISOString()}::timestamptz
      from (${targets}) t
      on conflict (merchant_id, customer_id, tag_id) do nothing
      returning customer_id
    ),
    history as (${historyInsertSql(merchantId, tag, "added", sql`added`, assignment)})
    select customer_id from added`);
  const ids = rowsOf<{ customer_id: string }>(result).map((r) => r.customer_id);
  await emitChanges(tx, merchantId, tag, ids, "added", assignment);
  return ids;
}

/** Removes the tag from the customers `where` (over `ct`, customer_tags) selects. */
export async function deleteTagAssignments(
  tx: Tx,
  merchantId: string,
  tag: TagRef,
  where: SQL,
  assignment: Assignment,
): Promise<string[]> {
  const result = await tx.execute(sql`
    with removed as (
      delete from customer_tags ct
       where ct.merchant_id = ${merchantId} and ct.tag_id = ${tag.id} and ${where}
      returning customer_id
    ),
    history as (${historyInsertSql(merchantId, tag, "removed", sql`removed`, assignment)})
    select customer_id from removed`);
  const ids = rowsOf<{ customer_id: string }>(result).map((r) => r.customer_id);
  await emitChanges(tx, merchantId, tag, ids, "removed", assignment);
  return ids;
}

export async function emitChanges(
  tx: Tx,
  merchantId: string,
  tag: TagRef,
  customerIds: string[],
  action: TagChange["action"],
  assignment: Assignment,
) {
  await emitTagEvents(
    tx,
    merchantId,
    customerIds.map((customerId) => ({ customerId, action })),
    {
      tagId: tag.id,
      tagName: tag.name,
      source: assignment.source,
      reason: assignment.reason,
      ruleVersion: assignment.ruleVersion,
      eventSource: eventSourceOf(assignment.actor),
      at: assignment.at,
    },
  );
}
