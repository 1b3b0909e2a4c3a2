import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { isUniqueViolation } from "../../lib/database-errors.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { validateRule } from "../insight/conditions/validate-rule.js";
import { checkLayerReferences } from "../layers/check-layer-references.js";
import { checkTagReferences } from "../tags/check-tag-references.js";
import type { Segment } from "./schemas.js";
import { segments } from "./tables.js";

export type SegmentFields = { name?: string; description?: string | null; rule?: Record<string, unknown> };

const memberCount: SQL<number> = sql<number>`(select count(*)::int from segment_members sm
  where sm.merchant_id = ${segments.merchantId} and sm.segment_id = ${segments.id})`;

const segmentColumns = {
  id: segments.id,
  name: segments.name,
  description: segments.description,
  rule: segments.rule,
  ruleVersion: segments.ruleVersion,
  memberCount,
  reconciledAt: segments.reconciledAt,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
};

/** A rule a segment may hold: valid in the condition language, naming only this merchant's tags and layers. */
export async function checkSegmentRule(tx: Tx, merchantId: string, rule: unknown): Promise<RuleNode> {
  const checked = validateRule(rule);
  await checkTagReferences(tx, merchantId, checked);
  await checkLayerReferences(tx, merchantId, checked);
  return checked;
}

function nameTaken(error: unknown, name: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new AppError("already_exists", `Another segment is called ${name}`, { field: "name" });
  }
  throw error;
}

export async function listSegments(tx: Tx, merchantId: string): Promise<Segment[]> {
  return tx
    .select(segmentColumns)
    .from(segments)
    .where(eq(segments.merchantId, merchantId))
    .orderBy(asc(segments.name));
}

export async function getSegment(tx: Tx, merchantId: string, id: string): Promise<Segment> {
  const [row] = await tx
    .select(segmentColumns)
    .from(segments)
    .where(and(eq(segments.merchantId, merchantId), eq(segments.id, id)));
  if (!row) throw notFound("Segment");
  return row;
}

export async function createSegment(
  tx: Tx,
  merchantId: string,
  input: SegmentFields & { name: string; rule: Record<string, unknown> },
): Promise<Segment> {
  const rule = await checkSegmentRule(tx, merchantId, input.rule);
  try {
    const [row] = await tx
      .insert(segments)
      .values({
        merchantId,
        name: input.name,
        description: input.description ?? null,
        rule: rule as Record<string, unknown>,
      })
      .returning({ id: segments.id });
    return getSegment(tx, merchantId, row!.id);
  } catch (error) {
    nameTaken(error, input.name);
  }
}

/** Changes a segment; a new rule bumps ruleVersion (the caller reconciles the membership). */
export async function updateSegment(tx: Tx, merchantId: string, id: string, input: SegmentFields) {
  await getSegment(tx, merchantId, id);
  const rule = input.rule === undefined ? undefined : await checkSegmentRule(tx, merchantId, input.rule);
  try {
    await tx
      .update(segments)
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(rule
          ? { rule: rule as Record<string, unknown>, ruleVersion: sql`${segments.ruleVersion} + 1` }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(segments.merchantId, merchantId), eq(segments.id, id)));
  } catch (error) {
    nameTaken(error, input.name);
  }
  return { segment: await getSegment(tx, merchantId, id), ruleChanged: rule !== undefined };
}

/** Deletes a segment and its membership (no exit events: the segment itself is gone). */
export async function deleteSegment(tx: Tx, merchantId: string, id: string): Promise<void> {
  await getSegment(tx, merchantId, id);
  await tx.delete(segments).where(and(eq(segments.merchantId, merchantId), eq(segments.id, id)));
}
