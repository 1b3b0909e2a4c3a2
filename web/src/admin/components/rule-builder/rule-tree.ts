// Editing a condition tree as plain JSON, the same shape the server validates, so a server issue's
// path (`all[1].any[0].value`) names a node of what the builder shows.
import type {
  FieldOperator,
  InsightField,
  LeafRule,
  RuleIssue,
  RuleNode,
  RuleScalar,
} from "../../../shared/api-types";

export type Step = { key: "all" | "any"; index: number } | { key: "not" };
export type NodePath = Step[];
export type NodeKind = "all" | "any" | "not" | "field" | "purchased" | "event" | "tag" | "layer";
export type LeafKind = Exclude<NodeKind, "all" | "any" | "not">;

const kinds: NodeKind[] = ["all", "any", "not", "field", "purchased", "event", "tag", "layer"];

export function kindOf(node: RuleNode): NodeKind {
  return kinds.find((k) => k in node) ?? "field";
}

export const isGroup = (node: RuleNode): node is { all: RuleNode[] } | { any: RuleNode[] } =>
  "all" in node || "any" in node;

export function childrenOf(node: RuleNode): RuleNode[] {
  if ("all" in node) return node.all;
  if ("any" in node) return node.any;
  return [];
}

/** The server's spelling of a path: "" for the root, `all[1].any[0]`, `all[0].not`. */
export function pathText(path: NodePath): string {
  return path
    .map((step, i) => {
      const dot = i === 0 ? "" : ".";
      return step.key === "not" ? `${dot}not` : `${dot}${step.key}[${step.index}]`;
    })
    .join("");
}

export function nodeAt(root: RuleNode, path: NodePath): RuleNode | undefined {
  let node: RuleNode | undefined = root;
  for (const step of path) {
    if (!node) return undefined;
    if (step.key === "not") node = "not" in node ? node.not : undefined;
    else node = step.key in node ? childrenOf(node)[step.index] : undefined;
  }
  return node;
}

/** A copy of the tree with the node at `path` replaced (the root when path is empty). */
export function replaceAt(root: RuleNode, path: NodePath, next: RuleNode): RuleNode {
  const [step, ...rest] = path;
  if (!step) return next;
  if (step.key === "not") {
    if (!("not" in root)) return root;
    return { not: replaceAt(root.not, rest, next) };
  }
  if (!(step.key in root)) return root;
  const children = childrenOf(root).map((child, i) =>
    i === step.index ? replaceAt(child, rest, next) : child,
  );
  return step.key === "all" ? { all: children } : { any: children };
}

/** Removes a node from its group; a NOT whose child goes goes with it. The root stays (emptied). */
export function removeAt(root: RuleNode, path: NodePath): RuleNode {
  if (path.length === 0) return { all: [] };
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = nodeAt(root, parentPath);
  if (!parent || !last) return root;
  if (last.key === "not") return removeAt(root, parentPath);
  const children = childrenOf(parent).filter((_, i) => i !== last.index);
  return replaceAt(root, parentPath, last.key === "all" ? { all: children } : { any: children });
}

export function appendChild(root: RuleNode, groupPath: NodePath, child: RuleNode): RuleNode {
  const group = nodeAt(root, groupPath);
  if (!group || !isGroup(group)) return root;
  const children = [...childrenOf(group), child];
  return replaceAt(root, groupPath, "all" in group ? { all: children } : { any: children });
}

/** AND ⇄ OR keeping the children. */
export function setGroupKind(root: RuleNode, groupPath: NodePath, kind: "all" | "any"): RuleNode {
  const group = nodeAt(root, groupPath);
  if (!group || !isGroup(group)) return root;
  const children = childrenOf(group);
  return replaceAt(root, groupPath, kind === "all" ? { all: children } : { any: children });
}

/** Wraps a node in NOT, or unwraps a NOT. */
export function toggleNot(root: RuleNode, path: NodePath): RuleNode {
  const node = nodeAt(root, path);
  if (!node) return root;
  return replaceAt(root, path, "not" in node ? node.not : { not: node });
}

/** Counts leaves: a rule without any cannot be previewed or saved. */
export function countLeaves(node: RuleNode): number {
  if ("not" in node) return countLeaves(node.not);
  if (isGroup(node)) return childrenOf(node).reduce((sum, child) => sum + countLeaves(child), 0);
  return 1;
}

/** Issues the server reported at this node: a leaf owns its own keys (`.value`, `.count.op`, …). */
export function issuesAt(issues: readonly RuleIssue[], path: NodePath, leaf: boolean): RuleIssue[] {
  const here = pathText(path);
  return issues.filter((issue) => {
    const at = issue.path === "$" ? "" : issue.path;
    if (at === here) return true;
    const rest = here === "" ? at : at.startsWith(`${here}.`) ? at.slice(here.length + 1) : null;
    if (rest === null) return false;
    return leaf ? !rest.startsWith("not") : rest === "all" || rest === "any";
  });
}

/** The part of an issue's path below the node (`value[1]`), to say which input is wrong. */
export function issuePart(issue: RuleIssue, path: NodePath): string {
  const here = pathText(path);
  const at = issue.path === "$" ? "" : issue.path;
  if (at === here) return "";
  return here === "" ? at : at.slice(here.length + 1);
}

/** Reads the issues out of a 400 invalid_rule's details. */
export function ruleIssuesOf(details: unknown): RuleIssue[] {
  const list = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (i): i is RuleIssue =>
      typeof i === "object" && i !== null && typeof i.path === "string" && typeof i.message === "string",
  );
}

const dayOperators: FieldOperator[] = ["inLastDays", "inNextDays", "beforeDaysAgo"];
export const isDayOperator = (op: FieldOperator) => dayOperators.includes(op);
export const isListOperator = (op: FieldOperator) => op === "in" || op === "notIn";

/** Keeps what still fits when the operator changes, otherwise starts the value over. */
export function valueForOperator(
  op: FieldOperator,
  previous: RuleScalar | RuleScalar[] | undefined,
): RuleScalar | RuleScalar[] | undefined {
  if (op === "isSet" || op === "isNotSet") return undefined;
  if (isDayOperator(op)) return typeof previous === "number" && Number.isInteger(previous) ? previous : 30;
  const list = Array.isArray(previous) ? previous : previous === undefined ? [] : [previous];
  if (op === "between") return list.length === 2 ? list : undefined;
  if (isListOperator(op)) return list;
  return Array.isArray(previous) ? previous[0] : previous;
}

/** A new leaf of a kind, filled with what is most often meant. */
export function newLeaf(kind: LeafKind, field?: InsightField): LeafRule {
  switch (kind) {
    case "field": {
      const op = field?.operators[0] ?? "eq";
      const rule: LeafRule = { field: field?.name ?? "", op };
      if (field?.type === "boolean") return { ...rule, value: true };
      return rule;
    }
    case "purchased":
      return { purchased: {}, count: { op: "gte", value: 1 }, within: { days: 90 } };
    case "event":
      return { event: "", count: { op: "gte", value: 1 }, within: { days: 30 } };
    case "tag":
      return { tag: "", op: "has" };
    case "layer":
      return { layer: [], op: "in" };
  }
}

export const emptyRule = (): RuleNode => ({ all: [] });

/** ¥ entered in the builder ⇄ 分 in the rule. */
export const yuanToFen = (yuan: number) => Math.round(yuan * 100);
export const fenToYuan = (fen: number) => fen / 100;

/** The builder edits a group at the root; a saved single condition is shown as a group of one. */
export function asRootGroup(rule: unknown): RuleNode {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return emptyRule();
  const node = rule as RuleNode;
  return isGroup(node) ? node : { all: [node] };
}
