import { AppError } from "../../../errors.js";
import { isUuid } from "../../../lib/uuid-list.js";
import { type FieldDefinition, findField, operatorsByType } from "./field-registry.js";
import {
  countOperators,
  type FieldOperator,
  fieldOperators,
  type RuleNode,
  ruleLimits,
} from "./rule-types.js";

export type RuleIssue = { path: string; message: string };

const kinds = ["all", "any", "not", "field", "purchased", "event", "tag", "layer"] as const;
type Kind = (typeof kinds)[number];

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const eventPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const item = (path: string, index: number) => `${path}[${index}]`;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks a rule and lists every problem with the path of the bad node (`all[1].any[0].value`). */
export function findRuleIssues(input: unknown): RuleIssue[] {
  const walk = { issues: [] as RuleIssue[], nodes: 0 };
  checkNode(walk, input, "", 1);
  return walk.issues.slice(0, 20);
}

/** Returns the rule typed, or throws `invalid_rule` (400) naming the first bad path. */
export function validateRule(input: unknown): RuleNode {
  const issues = findRuleIssues(input).map((i) => ({ path: i.path || "$", message: i.message }));
  const first = issues[0];
  if (first) {
    throw new AppError("invalid_rule", `Invalid rule at ${first.path}: ${first.message}`, {
      path: first.path,
      issues,
    });
  }
  return input as RuleNode;
}

type Walk = { issues: RuleIssue[]; nodes: number };

function report(walk: Walk, issue: RuleIssue): void {
  walk.issues.push(issue);
}

function checkNode(walk: Walk, value: unknown, path: string, depth: number): void {
  const issue = (p: string, message: string): void => {
    report(walk, { path: p, message });
  };
  if (!isObject(value)) {
    issue(path, "expected a condition object");
    return;
  }
  walk.nodes += 1;
  if (walk.nodes === ruleLimits.maxNodes + 1)
    issue(path, `a rule holds at most ${ruleLimits.maxNodes} conditions`);
  if (depth > ruleLimits.maxDepth) {
    issue(path, `groups nest at most ${ruleLimits.maxDepth} deep`);
    return;
  }
  const present = kinds.filter((k) => k in value);
  if (present.length !== 1) {
    const message =
      present.length === 0
        ? `unknown condition; expected one of ${kinds.join(", ")}`
        : `a condition has exactly one of ${present.join(", ")}`;
    issue(path, message);
    return;
  }
  const kind = present[0] as Kind;
  switch (kind) {
    case "all":
    case "any":
      checkGroup(walk, value, kind, path, depth);
      break;
    case "not":
      onlyKeys(walk, value, ["not"], path);
      checkNode(walk, value.not, at(path, "not"), depth + 1);
      break;
    case "field":
      checkFieldLeaf(walk, value, path);
      break;
    case "purchased":
      checkPurchaseLeaf(walk, value, path);
      break;
    case "event":
      checkEventLeaf(walk, value, path);
      break;
    case "tag":
      checkTagLeaf(walk, value, path);
      break;
    case "layer":
      checkLayerLeaf(walk, value, path);
      break;
  }
}

function onlyKeys(walk: Walk, value: Record<string, unknown>, allowed: string[], path: string) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) report(walk, { path: at(path, key), message: `unexpected key "${key}"` });
  }
}

function checkGroup(
  walk: Walk,
  value: Record<string, unknown>,
  kind: "all" | "any",
  path: string,
  depth: number,
) {
  onlyKeys(walk, value, [kind], path);
  const children = value[kind];
  const here = at(path, kind);
  if (!Array.isArray(children) || children.length === 0) {
    return report(walk, { path: here, message: "expected a non-empty list of conditions" });
  }
  if (children.length > ruleLimits.maxGroupItems) {
    return report(walk, {
      path: here,
      message: `a group holds at most ${ruleLimits.maxGroupItems} conditions`,
    });
  }
  for (const [i, child] of children.entries()) checkNode(walk, child, item(here, i), depth + 1);
}

function checkFieldLeaf(walk: Walk, value: Record<string, unknown>, path: string) {
  onlyKeys(walk, value, ["field", "op", "value"], path);
  const field = typeof value.field === "string" ? findField(value.field) : undefined;
  if (!field)
    return report(walk, { path: at(path, "field"), message: `unknown field ${JSON.stringify(value.field)}` });
  const op = value.op as FieldOperator;
  if (!fieldOperators.includes(op) || !operatorsByType[field.type].includes(op)) {
    return report(walk, {
      path: at(path, "op"),
      message: `${field.name} (${field.type}) takes ${operatorsByType[field.type].join(", ")}`,
    });
  }
  const valuePath = at(path, "value");
  const problem = (p: string, message: string): void => {
    report(walk, { path: p, message });
  };
  if (op === "isSet" || op === "isNotSet") {
    if (value.value !== undefined) problem(valuePath, `${op} takes no value`);
    return;
  }
  if (op === "inLastDays" || op === "inNextDays" || op === "beforeDaysAgo") {
    const min = op === "beforeDaysAgo" ? 0 : 1;
    if (!isWholeNumber(value.value, min, ruleLimits.maxDays)) {
      problem(valuePath, `expected a whole number of days from ${min} to ${ruleLimits.maxDays}`);
    }
    return;
  }
  if (op === "between" || op === "in" || op === "notIn") {
    const list = value.value;
    const max = op === "between" ? 2 : ruleLimits.maxListValues;
    const min = op === "between" ? 2 : 1;
    if (!Array.isArray(list) || list.length < min || list.length > max) {
      const expected = op === "between" ? "a list of two values [from, to]" : `a list of 1 to ${max} values`;
      return problem(valuePath, `expected ${expected}`);
    }
    const before = walk.issues.length;
    list.forEach((v, i) => {
      const message = scalarProblem(field, v);
      if (message) problem(item(valuePath, i), message);
    });
    if (op === "between" && walk.issues.length === before && compareScalars(field, list[0], list[1]) > 0) {
      problem(valuePath, "from must not be after to");
    }
    return;
  }
  const message = scalarProblem(field, value.value);
  if (message) problem(valuePath, message);
}

function isWholeNumber(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

function scalarProblem(field: FieldDefinition, v: unknown): string | null {
  switch (field.type) {
    case "number":
      return typeof v === "number" && Number.isFinite(v) ? null : "expected a number";
    case "money":
      return Number.isSafeInteger(v) ? null : "expected a whole amount in 分 (fen)";
    case "string":
      return typeof v === "string" && v.length > 0 && v.length <= ruleLimits.maxText
        ? null
        : `expected text of 1 to ${ruleLimits.maxText} characters`;
    case "enum": {
      const allowed = (field.values ?? []).map((e) => e.value);
      return typeof v === "string" && allowed.includes(v) ? null : `expected one of ${allowed.join(", ")}`;
    }
    case "date":
      return typeof v === "string" && isCalendarDate(v) ? null : "expected a date YYYY-MM-DD";
    case "timestamp":
      return typeof v === "string" && (isCalendarDate(v) || isInstant(v))
        ? null
        : "expected a date YYYY-MM-DD or an ISO 8601 time with offset";
    case "boolean":
      return typeof v === "boolean" ? null : "expected true or false";
  }
}

function compareScalars(field: FieldDefinition, a: unknown, b: unknown): number {
  if (field.type === "timestamp") return startOf(a as string) - startOf(b as string);
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

const startOf = (v: string) => Date.parse(isCalendarDate(v) ? `${v}T00:00:00Z` : v);

export function isCalendarDate(v: string): boolean {
  const m = datePattern.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2200 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const isInstant = (v: string) => instantPattern.test(v) && !Number.isNaN(Date.parse(v));

function checkComparison(walk: Walk, value: unknown, path: string, what: "count" | "spend") {
  if (!isObject(value)) return report(walk, { path, message: "expected { op, value }" });
  onlyKeys(walk, value, ["op", "value"], path);
  const op = value.op as (typeof countOperators)[number];
  if (!countOperators.includes(op)) {
    return report(walk, { path: at(path, "op"), message: `expected one of ${countOperators.join(", ")}` });
  }
  const ok = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  const noun = what === "count" ? "count" : "amount in 分 (fen)";
  if (op === "between") {
    const list = value.value;
    if (!Array.isArray(list) || list.length !== 2 || !ok(list[0]) || !ok(list[1]) || list[0] > list[1]) {
      report(walk, { path: at(path, "value"), message: `expected [from, to], each a whole ${noun} ≥ 0` });
    }
  } else if (!ok(value.value)) {
    report(walk, { path: at(path, "value"), message: `expected a whole ${noun} ≥ 0` });
  }
}

function checkWindow(walk: Walk, value: unknown, path: string) {
  if (!isObject(value)) return report(walk, { path, message: "expected { days }" });
  onlyKeys(walk, value, ["days"], path);
  if (!isWholeNumber(value.days, 1, ruleLimits.maxDays)) {
    report(walk, {
      path: at(path, "days"),
      message: `expected a whole number of days from 1 to ${ruleLimits.maxDays}`,
    });
  }
}

function checkTextList(walk: Walk, value: unknown, path: string) {
  const ok = (v: unknown) => typeof v === "string" && v.length > 0 && v.length <= ruleLimits.maxText;
  if (Array.isArray(value)) {
    if (value.length === 0 || value.length > ruleLimits.maxListValues) {
      return report(walk, { path, message: `expected 1 to ${ruleLimits.maxListValues} values` });
    }
    value.forEach((v, i) => {
      if (!ok(v)) report(walk, { path: item(path, i), message: "expected non-empty text" });
    });
  } else if (!ok(value)) {
    report(walk, { path, message: "expected non-empty text or a list of them" });
  }
}

function checkPurchaseLeaf(walk: Walk, value: Record<string, unknown>, path: string) {
  onlyKeys(walk, value, ["purchased", "count", "spend", "within"], path);
  const filter = value.purchased;
  const here = at(path, "purchased");
  if (!isObject(filter)) {
    report(walk, { path: here, message: "expected { category?, sku?, storeId? }" });
  } else {
    onlyKeys(walk, filter, ["category", "sku", "storeId"], here);
    if (filter.category !== undefined) checkTextList(walk, filter.category, at(here, "category"));
    if (filter.sku !== undefined) checkTextList(walk, filter.sku, at(here, "sku"));
    if (filter.storeId !== undefined && !(typeof filter.storeId === "string" && isUuid(filter.storeId))) {
      report(walk, { path: at(here, "storeId"), message: "expected a store id (UUID)" });
    }
  }
  if (value.count !== undefined) checkComparison(walk, value.count, at(path, "count"), "count");
  if (value.spend !== undefined) checkComparison(walk, value.spend, at(path, "spend"), "spend");
  if (value.within !== undefined) checkWindow(walk, value.within, at(path, "within"));
}

function checkEventLeaf(walk: Walk, value: Record<string, unknown>, path: string) {
  onlyKeys(walk, value, ["event", "count", "within"], path);
  if (typeof value.event !== "string" || value.event.length > 100 || !eventPattern.test(value.event)) {
    report(walk, { path: at(path, "event"), message: "expected an event type like member.logged_in" });
  }
  if (value.count !== undefined) checkComparison(walk, value.count, at(path, "count"), "count");
  if (value.within !== undefined) checkWindow(walk, value.within, at(path, "within"));
}

function checkTagLeaf(walk: Walk, value: Record<string, unknown>, path: string) {
  onlyKeys(walk, value, ["tag", "op"], path);
  if (typeof value.tag !== "string" || !isUuid(value.tag)) {
    report(walk, { path: at(path, "tag"), message: "expected a tag id (UUID)" });
  }
  if (value.op !== "has" && value.op !== "notHas") {
    report(walk, { path: at(path, "op"), message: "expected has or notHas" });
  }
}

function checkLayerLeaf(walk: Walk, value: Record<string, unknown>, path: string) {
  onlyKeys(walk, value, ["layer", "op"], path);
  const ids = Array.isArray(value.layer) ? value.layer : [value.layer];
  const ok = (v: unknown) => typeof v === "string" && isUuid(v);
  if (ids.length === 0 || ids.length > 20 || !ids.every(ok)) {
    report(walk, { path: at(path, "layer"), message: "expected a layer id (UUID) or a list of 1 to 20" });
  }
  if (value.op !== "in" && value.op !== "notIn") {
    report(walk, { path: at(path, "op"), message: "expected in or notIn" });
  }
}
