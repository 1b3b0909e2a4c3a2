import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { isUniqueViolation } from "../../lib/database-errors.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { validateRule } from "../insight/conditions/validate-rule.js";
import { refreshAfterTagChange } from "../insight/refresh-insight.js";
import { checkTagReferences } from "./check-tag-references.js";
import { type TagKind, tags } from "./tables.js";
import type { TagActor } from "./tag-actor.js";
import { deleteTagAssignments } from "./tag-assignments.js";
import { assertTagGroupExists } from "./tag-groups.js";

export type TagFields = {
  name?: string;
  color?: string;
  groupId?: string | null;
  description?: string | null;
  rule?: Record<string, unknown>;
};

export const tagColumns = {
  id: tags.id,
  groupId: tags.groupId,
  name: tags.name,
  color: tags.color,
  description: tags.description,
  kind: tags.kind,
  rule: tags.rule,
  ruleVersion: tags.ruleVersion,
  evaluatedAt: tags.evaluatedAt,
  createdAt: tags.createdAt,
  updatedAt: tags.updatedAt,
};

const customerCount: SQL<number> = sql<number>`(select count(*)::int from customer_tags ct
  where ct.merchant_id = ${tags.merchantId} and ct.tag_id = ${tags.id})`;

function nameTaken(error: unknown, name: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new AppError("already_exists", `Another tag is called ${name}`, { field: "name" });
  }
  throw error;
}

export async function listTags(
  tx: Tx,
  merchantId: string,
  filter: { groupId?: string; kind?: TagKind } = {},
) {
  return tx
    .select({ ...tagColumns, customerCount })
    .from(tags)
    .where(
      and(
        eq(tags.merchantId, merchantId),
        filter.groupId ? eq(tags.groupId, filter.groupId) : undefined,
        filter.kind ? eq(tags.kind, filter.kind) : undefined,
      ),
    )
    .orderBy(asc(tags.name));
}

export async function getTag(tx: Tx, merchantId: string, id: string) {
  const [row] = await tx
    .select({ ...tagColumns, customerCount })
    .from(tags)
    .where(and(eq(tags.merchantId, merchantId), eq(tags.id, id)));
  if (!row) throw notFound("Tag");
  return row;
}

async function checkedRule(tx: Tx, merchantId: string, rule: unknown): Promise<RuleNode> {
  const checked = validateRule(rule);
  await checkTagReferences(tx, merchantId, checked, { manualOnly: true });
  return checked;
}

export async function createTag(
  tx: Tx,
  merchantId: string,
  input: TagFields & { name: string; kind: TagKind },
) {
  const { kind, rule, ...fields } = input;
  if (kind === "rule" && rule === undefined) {
    throw new AppError("invalid_rule", "A rule tag needs a rule", { path: "$", issues: [] });
  }
  if (kind === "manual" && rule !== undefined) {
    throw new AppError("validation_failed", "A manual tag has no rule; create a rule tag instead", {
      field: "rule",
    });
  }
  const checked = kind === "rule" ? await checkedRule(tx, merchantId, rule) : null;
  if (fields.groupId) await assertTagGroupExists(tx, merchantId, fields.groupId);
  try {
    const [row] = await tx
      .insert(tags)
      .values({
        merchantId,
        ...fields,
        kind,
        rule: checked as Record<string, unknown> | null,
        ruleVersion: checked ? 1 : 0,
      })
      .returning(tagColumns);
    return { ...row!, customerCount: 0 };
  } catch (error) {
    nameTaken(error, fields.name);
  }
}

/** Changes a tag; a new rule bumps ruleVersion (the caller re-evaluates). Kind never changes. */
export async function updateTag(tx: Tx, merchantId: string, id: string, input: TagFields) {
  const current = await getTag(tx, merchantId, id);
  const { rule, ...fields } = input;
  if (rule !== undefined && current.kind !== "rule") {
    throw new AppError("validation_failed", "A manual tag has no rule", { field: "rule" });
  }
  const checked = rule === undefined ? undefined : await checkedRule(tx, merchantId, rule);
  if (fields.groupId) await assertTagGroupExists(tx, merchantId, fields.groupId);
  try {
    await tx
      .update(tags)
      .set({
        ...fields,
        ...(checked
          ? { rule: checked as Record<string, unknown>, ruleVersion: sql`${tags.ruleVersion} + 1` }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(tags.merchantId, merchantId), eq(tags.id, id)));
  } catch (error) {
    nameTaken(error, fields.name);
  }
  return { tag: await getTag(tx, merchantId, id), ruleChanged: checked !== undefined };
}

/** Deletes a tag; its holders lose it with a history row and a tag.removed event each. */
export async function deleteTag(
  tx: Tx,
  merchantId: string,
  id: string,
  actor: TagActor,
  at: Date,
): Promise<void> {
  const tag = await getTag(tx, merchantId, id);
  const removed = await deleteTagAssignments(tx, merchantId, tag, sql`true`, {
    source: tag.kind,
    reason: "tag deleted",
    actor,
    ruleVersion: tag.kind === "rule" ? tag.ruleVersion : null,
    at,
  });
  await tx.delete(tags).where(and(eq(tags.merchantId, merchantId), eq(tags.id, id)));
  // Layers and segments that read the tag see its holders lose it now, not at the nightly run.
  await refreshAfterTagChange(tx, merchantId, removed);
}
