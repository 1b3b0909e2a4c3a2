import type { RuleNode } from "./rule-types.js";

export type TagReference = { tagId: string; path: string };

/** Every `{ tag }` leaf with its path, so callers can check the tags exist for the merchant. */
export function collectTagReferences(node: RuleNode, path = ""): TagReference[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if ("all" in node) return node.all.flatMap((n, i) => collectTagReferences(n, `${at("all")}[${i}]`));
  if ("any" in node) return node.any.flatMap((n, i) => collectTagReferences(n, `${at("any")}[${i}]`));
  if ("not" in node) return collectTagReferences(node.not, at("not"));
  if ("tag" in node) return [{ tagId: node.tag, path: at("tag") }];
  return [];
}

/** Whether a rule reads customers' tags or layers (so it must see them as this transaction left them). */
export function readsTagsOrLayers(node: RuleNode): boolean {
  if ("all" in node) return node.all.some(readsTagsOrLayers);
  if ("any" in node) return node.any.some(readsTagsOrLayers);
  if ("not" in node) return readsTagsOrLayers(node.not);
  return "tag" in node || "layer" in node;
}
