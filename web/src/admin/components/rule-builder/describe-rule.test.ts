import { describe, expect, it } from "vitest";
import type { InsightField } from "../../../shared/api-types";
import { type DescribeContext, describeRule } from "./describe-rule";

const fields: InsightField[] = [
  {
    name: "metrics.orderCount",
    type: "number",
    source: "metrics",
    label: { "zh-CN": "订单数", en: "Orders" },
    operators: ["gte"],
  },
  {
    name: "metrics.netSpent",
    type: "money",
    source: "metrics",
    label: { "zh-CN": "净消费", en: "Net spent" },
    operators: ["between"],
  },
  {
    name: "profile.gender",
    type: "enum",
    source: "profile",
    label: { "zh-CN": "性别", en: "Gender" },
    operators: ["in"],
    values: [
      { value: "female", label: { "zh-CN": "女", en: "Female" } },
      { value: "male", label: { "zh-CN": "男", en: "Male" } },
    ],
  },
  {
    name: "metrics.lastOrderAt",
    type: "timestamp",
    source: "metrics",
    label: { "zh-CN": "最近下单时间", en: "Last order at" },
    operators: ["inLastDays"],
  },
];

const words: Record<string, string> = {
  "rule.op.gte": "at least",
  "rule.op.between": "between",
  "rule.op.in": "is one of",
  "rule.op.notHas": "lacks tag",
  "rule.op.inLastDays": "in the last N days",
  "rule.and": "and",
  "rule.or": "or",
  "rule.notWord": "not",
  "rule.to": "to",
  "rule.withinLastDays": "in the last {days} days",
  "rule.kind.purchased": "bought",
  "rule.times": "times",
  "rule.unknownRef": "(deleted)",
};

const ctx: DescribeContext = {
  locale: "en",
  fields,
  tagName: (id) => (id === "t1" ? "VIP" : undefined),
  storeName: () => undefined,
  layerName: () => undefined,
  money: (fen) => `¥${(fen / 100).toFixed(2)}`,
  word: (key, vars) => (words[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? "")),
};

describe("describeRule", () => {
  it("reads a nested rule as words, with money in yuan and enum labels", () => {
    const text = describeRule(
      {
        all: [
          { field: "metrics.orderCount", op: "gte", value: 2 },
          {
            any: [
              { field: "metrics.netSpent", op: "between", value: [10_000, 50_000] },
              { field: "profile.gender", op: "in", value: ["female", "male"] },
            ],
          },
          { not: { tag: "t1", op: "notHas" } },
        ],
      },
      ctx,
    );
    expect(text).toBe(
      "Orders at least 2 and (Net spent between ¥100.00 to ¥500.00 or Gender is one of Female、Male) and not (lacks tag VIP)",
    );
  });

  it("reads behaviour and relative-day leaves", () => {
    expect(
      describeRule(
        { purchased: { category: "水果" }, count: { op: "gte", value: 3 }, within: { days: 90 } },
        ctx,
      ),
    ).toBe("in the last 90 days bought 水果 times at least 3");
    expect(describeRule({ field: "metrics.lastOrderAt", op: "inLastDays", value: 30 }, ctx)).toBe(
      "Last order at in the last 30 days",
    );
    expect(describeRule({ tag: "gone", op: "notHas" }, ctx)).toBe("lacks tag (deleted)");
  });
});
