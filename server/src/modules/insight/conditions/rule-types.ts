/**
 * The condition language: a JSON tree of groups and leaves, shared by tags, segments, layers
 * and later coupons, automation and communities. Validated by validate-rule.ts, compiled to SQL
 * by compile-rule.ts; never evaluated in JavaScript.
 */

export const ruleLimits = {
  /** Groups nested deeper than this are refused (the builder shows three or four levels). */
  maxDepth: 6,
  maxNodes: 100,
  maxGroupItems: 50,
  maxListValues: 1000,
  maxDays: 3650,
  maxText: 200,
} as const;

export const fieldTypes = ["number", "money", "string", "enum", "date", "timestamp", "boolean"] as const;
export type FieldType = (typeof fieldTypes)[number];

export const fieldOperators = [
  "eq",
  "ne",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "in",
  "notIn",
  "contains",
  "startsWith",
  "isSet",
  "isNotSet",
  "inLastDays",
  "inNextDays",
  "beforeDaysAgo",
] as const;
export type FieldOperator = (typeof fieldOperators)[number];

export type Scalar = string | number | boolean;

export type FieldCondition = { field: string; op: FieldOperator; value?: Scalar | Scalar[] };

export const countOperators = ["eq", "ne", "gt", "gte", "lt", "lte", "between"] as const;
export type CountOperator = (typeof countOperators)[number];
/** A comparison on an aggregate (how many orders, how much spent) in a behaviour leaf. */
export type Comparison = { op: CountOperator; value: number | [number, number] };

/** Whole local days ending today: `{ days: 1 }` is today, `{ days: 7 }` today and the six before. */
export type TimeWindow = { days: number };

export type PurchaseFilter = { category?: string | string[]; sku?: string | string[]; storeId?: string };
export type PurchaseCondition = {
  purchased: PurchaseFilter;
  count?: Comparison;
  spend?: Comparison;
  within?: TimeWindow;
};

export type EventCondition = { event: string; count?: Comparison; within?: TimeWindow };

export type TagCondition = { tag: string; op: "has" | "notHas" };

/** The customer's current layer (社群分层) is (`in`) or is not (`notIn`) one of these layer ids. */
export type LayerCondition = { layer: string | string[]; op: "in" | "notIn" };

export type LeafCondition =
  | FieldCondition
  | PurchaseCondition
  | EventCondition
  | TagCondition
  | LayerCondition;

export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | LeafCondition;

export type Labels = { "zh-CN": string; en: string };
