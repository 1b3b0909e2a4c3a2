// A rule in one line of words ("订单数 大于等于 2 且 净消费 大于等于 ¥100.00"), for pages that show a saved rule.
import type { Comparison, InsightField, Locale, RuleNode, RuleScalar } from "../../../shared/api-types";
import { childrenOf, isGroup } from "./rule-tree";

export type DescribeContext = {
  locale: Locale;
  fields: InsightField[];
  tagName: (id: string) => string | undefined;
  storeName: (id: string) => string | undefined;
  layerName: (id: string) => string | undefined;
  money: (fen: number) => string;
  /** The console's words: operators (`rule.op.*`) and the joining words. */
  word: (key: WordKey, vars?: Record<string, string | number>) => string;
};

export type WordKey =
  | `rule.op.${string}`
  | "rule.and"
  | "rule.or"
  | "rule.notWord"
  | "rule.yes"
  | "rule.no"
  | "rule.to"
  | "rule.days"
  | "rule.withinLastDays"
  | "rule.kind.purchased"
  | "rule.kind.event"
  | "rule.times"
  | "rule.spend"
  | "rule.unknownRef";

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function comparison(c: Comparison | undefined, what: string, ctx: DescribeContext, money: boolean): string {
  if (!c) return "";
  const show = (n: number) => (money ? ctx.money(n) : String(n));
  const value = Array.isArray(c.value)
    ? `${show(c.value[0])} ${ctx.word("rule.to")} ${show(c.value[1])}`
    : show(c.value);
  return ` ${what} ${ctx.word(`rule.op.${c.op}`)} ${value}`;
}

function scalar(field: InsightField, v: RuleScalar, ctx: DescribeContext): string {
  if (field.type === "money" && typeof v === "number") return ctx.money(v);
  if (field.type === "boolean") return ctx.word(v === true ? "rule.yes" : "rule.no");
  const label = field.values?.find((e) => e.value === v)?.label[ctx.locale];
  return label ?? String(v);
}

export function describeRule(node: RuleNode, ctx: DescribeContext, nested = false): string {
  if ("not" in node) return `${ctx.word("rule.notWord")} (${describeRule(node.not, ctx, false)})`;
  if (isGroup(node)) {
    const children = childrenOf(node);
    const joined = children
      .map((child) => describeRule(child, ctx, true))
      .join(` ${ctx.word("all" in node ? "rule.and" : "rule.or")} `);
    return nested && children.length > 1 ? `(${joined})` : joined;
  }
  if ("field" in node) {
    const field = ctx.fields.find((f) => f.name === node.field);
    if (!field) return node.field;
    const name = field.label[ctx.locale];
    const op = ctx.word(`rule.op.${node.op}`);
    if (node.op === "isSet" || node.op === "isNotSet") return `${name} ${op}`;
    if (node.op === "inLastDays" || node.op === "inNextDays" || node.op === "beforeDaysAgo") {
      return `${name} ${op.replace("N", String(node.value))}`;
    }
    const values = asList(node.value).map((v) => scalar(field, v, ctx));
    const value = node.op === "between" ? values.join(` ${ctx.word("rule.to")} `) : values.join("、");
    return `${name} ${op} ${value}`;
  }
  if ("purchased" in node) {
    const p = node.purchased;
    const what = [
      ...asList(p.category),
      ...asList(p.sku),
      ...(p.storeId ? [ctx.storeName(p.storeId) ?? ctx.word("rule.unknownRef")] : []),
    ].join("、");
    const window = node.within ? `${ctx.word("rule.withinLastDays", { days: node.within.days })} ` : "";
    return `${window}${ctx.word("rule.kind.purchased")}${what ? ` ${what}` : ""}${comparison(node.count, ctx.word("rule.times"), ctx, false)}${comparison(node.spend, ctx.word("rule.spend"), ctx, true)}`;
  }
  if ("event" in node) {
    const window = node.within ? `${ctx.word("rule.withinLastDays", { days: node.within.days })} ` : "";
    return `${window}${ctx.word("rule.kind.event")} ${node.event}${comparison(node.count, ctx.word("rule.times"), ctx, false)}`;
  }
  if ("tag" in node) {
    return `${ctx.word(`rule.op.${node.op}`)} ${ctx.tagName(node.tag) ?? ctx.word("rule.unknownRef")}`;
  }
  const names = asList(node.layer).map((id) => ctx.layerName(id) ?? ctx.word("rule.unknownRef"));
  return `${ctx.word(`rule.op.${node.op}`)} ${names.join("、")}`;
}
