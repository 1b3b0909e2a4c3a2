import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import type { RuleNode } from "../insight/conditions/rule-types.js";
import { layers } from "./tables.js";

type LayerReference = { layerIds: string[]; path: string };

function collectLayerReferences(node: RuleNode, path = ""): LayerReference[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if ("all" in node) return node.all.flatMap((n, i) => collectLayerReferences(n, `${at("all")}[${i}]`));
  if ("any" in node) return node.any.flatMap((n, i) => collectLayerReferences(n, `${at("any")}[${i}]`));
  if ("not" in node) return collectLayerReferences(node.not, at("not"));
  if ("layer" in node) {
    return [{ layerIds: Array.isArray(node.layer) ? node.layer : [node.layer], path: at("layer") }];
  }
  return [];
}

const invalidAt = (path: string, message: string) =>
  new AppError("invalid_rule", `Invalid rule at ${path}: ${message}`, { path, issues: [{ path, message }] });

/**
 * Every `{ layer }` leaf must name a layer of this merchant. Layer rules may not read layers at all:
 * they decide the layer, so reading it would depend on the order of evaluation.
 */
export async function checkLayerReferences(
  tx: Tx,
  merchantId: string,
  rule: RuleNode,
  options: { forbidden?: boolean; pathPrefix?: string } = {},
): Promise<void> {
  const references = collectLayerReferences(rule);
  const prefix = (path: string) => (options.pathPrefix ? `${options.pathPrefix}.${path}` : path);
  const first = references[0];
  if (!first) return;
  if (options.forbidden) throw invalidAt(prefix(first.path), "a layer rule may not read layers");
  const ids = [...new Set(references.flatMap((r) => r.layerIds))];
  const found = await tx
    .select({ id: layers.id })
    .from(layers)
    .where(and(eq(layers.merchantId, merchantId), inArray(layers.id, ids)));
  const known = new Set(found.map((l) => l.id));
  for (const reference of references) {
    if (!reference.layerIds.every((id) => known.has(id)))
      throw invalidAt(prefix(reference.path), "no such layer");
  }
}
