import { describe, expect, it } from "vitest";
import type { RuleNode } from "../../../shared/api-types";
import {
  appendChild,
  countLeaves,
  issuePart,
  issuesAt,
  nodeAt,
  pathText,
  removeAt,
  ruleIssuesOf,
  setGroupKind,
  toggleNot,
  valueForOperator,
  yuanToFen,
} from "./rule-tree";

const a: RuleNode = { field: "metrics.orderCount", op: "gte", value: 3 };
const b: RuleNode = { field: "profile.gender", op: "eq", value: "female" };
const c: RuleNode = { tag: "00000000-0000-4000-8000-000000000001", op: "has" };
const tree: RuleNode = { all: [a, { any: [b, { not: c }] }] };

describe("rule tree editing", () => {
  it("spells paths the way the server does", () => {
    expect(pathText([])).toBe("");
    expect(pathText([{ key: "all", index: 1 }, { key: "any", index: 1 }, { key: "not" }])).toBe(
      "all[1].any[1].not",
    );
    expect(nodeAt(tree, [{ key: "all", index: 1 }, { key: "any", index: 1 }, { key: "not" }])).toEqual(c);
  });

  it("adds, removes, switches AND/OR and negates without touching the original", () => {
    const added = appendChild(tree, [{ key: "all", index: 1 }], a);
    expect(nodeAt(added, [{ key: "all", index: 1 }])).toEqual({ any: [b, { not: c }, a] });
    expect(tree).toEqual({ all: [a, { any: [b, { not: c }] }] });

    // Removing the child of a NOT removes the NOT too.
    const removed = removeAt(tree, [{ key: "all", index: 1 }, { key: "any", index: 1 }, { key: "not" }]);
    expect(removed).toEqual({ all: [a, { any: [b] }] });

    expect(setGroupKind(tree, [], "any")).toEqual({ any: [a, { any: [b, { not: c }] }] });
    expect(toggleNot(tree, [{ key: "all", index: 0 }])).toEqual({
      all: [{ not: a }, { any: [b, { not: c }] }],
    });
    expect(
      toggleNot(tree, [
        { key: "all", index: 1 },
        { key: "any", index: 1 },
      ]),
    ).toEqual({
      all: [a, { any: [b, c] }],
    });
    expect(countLeaves(tree)).toBe(3);
    expect(countLeaves({ all: [] })).toBe(0);
  });

  it("puts each server issue on the node it names", () => {
    const issues = ruleIssuesOf({
      path: "all[1].any[0].value",
      issues: [
        { path: "all[1].any[0].value", message: "expected one of male, female" },
        { path: "all[1].any[1].not.tag", message: "no such tag" },
        { path: "all", message: "expected a non-empty list of conditions" },
        { path: "$", message: "expected a condition object" },
      ],
    });
    const first = [{ key: "all", index: 1 } as const, { key: "any", index: 0 } as const];
    expect(issuesAt(issues, first, true).map((i) => i.message)).toEqual(["expected one of male, female"]);
    expect(issuePart(issues[0] ?? { path: "", message: "" }, first)).toBe("value");
    // The NOT node does not own its child's tag issue; the tag leaf under it does.
    const not = [{ key: "all", index: 1 } as const, { key: "any", index: 1 } as const];
    expect(issuesAt(issues, not, false)).toEqual([]);
    expect(issuesAt(issues, [...not, { key: "not" }], true).map((i) => i.message)).toEqual(["no such tag"]);
    // The root group owns "$" and its own list.
    expect(issuesAt(issues, [], false).map((i) => i.path)).toEqual(["all", "$"]);
    expect(ruleIssuesOf(null)).toEqual([]);
  });

  it("keeps a value that still fits a new operator", () => {
    expect(valueForOperator("isSet", 5)).toBeUndefined();
    expect(valueForOperator("in", "a")).toEqual(["a"]);
    expect(valueForOperator("eq", ["a", "b"])).toBe("a");
    expect(valueForOperator("between", [1, 2])).toEqual([1, 2]);
    expect(valueForOperator("between", 1)).toBeUndefined();
    expect(valueForOperator("inLastDays", "x")).toBe(30);
    expect(yuanToFen(99.99)).toBe(9999);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
  });
});
