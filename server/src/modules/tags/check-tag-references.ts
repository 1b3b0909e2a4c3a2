import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { collectTagReferences } from "../insight/conditions/rule-references.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { tags } from "./tables.js";

/**
 * Every `{ tag }` leaf must name a tag of this merchant. A rule tag may read only manual tags:
 * rules reading rules would need an evaluation order (and could loop).
 */
export async function checkTagReferences(
  tx: Tx,
  merchantId: string,
  rule: RuleNode,
  options: { manualOnly?: boolean } = {},
): Promise<void> {
  const references = collectTagReferences(rule);
  if (references.length === 0) return;
  const found = await tx
    .select({ id: tags.id, kind: tags.kind })
    .from(tags)
    .where(
      and(eq(tags.merchantId, merchantId), inArray(tags.id, [...new Set(references.map((r) => r.tagId))])),
    );
  const kinds = new Map(found.map((t) => [t.id, t.kind]));
  for (const reference of references) {
    const kind = kinds.get(reference.tagId);
    const message = !kind
      ? "no such tag"
      : options.manualOnly && kind === "rule"
        ? "a rule tag may only read manual tags"
        : null;
    if (message) {
      throw new AppError("invalid_rule", `Invalid rule at ${reference.path}: ${message}`, {
        path: reference.path,
        issues: [{ path: reference.path, message }],
      });
    }
  }
}
