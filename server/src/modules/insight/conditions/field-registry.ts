import { type SQL, sql } from "drizzle-orm";
import type { FieldOperator, FieldType, Labels } from "./rule-types.js";

/** What a field's SQL expression may depend on besides the row: the merchant's "today". */
export type ExpressionContext = { today: string; timeZone: string };

/** Which joined row a field reads: customers `c`, customer_metrics `m`, customer_rfm `r`. */
export type FieldSource = "profile" | "metrics" | "rfm";

export type EnumValue = { value: string; label: Labels };

export type FieldDefinition = {
  name: string;
  type: FieldType;
  source: FieldSource;
  label: Labels;
  expression(context: ExpressionContext): SQL;
  values?: readonly EnumValue[];
  /** A date that comes round every year (a birthday): relative operators look at its anniversary. */
  yearly?: boolean;
  /**
   * A count or sum of customer_metrics, whose expression is the bare column: a customer without a
   * metrics row reads 0, which the compiler adds per comparison so the planner sees the column.
   */
  zeroIfMissing?: boolean;
  /**
   * Whole local days since this timestamp column: the compiler compares the column with local
   * midnights worked out once, so nothing is computed per row and the planner can estimate it.
   */
  daysSince?: SQL;
};

/** Operators each type accepts; the web builder offers exactly these. */
export const operatorsByType: Record<FieldType, readonly FieldOperator[]> = {
  number: ["eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "notIn", "isSet", "isNotSet"],
  money: ["eq", "ne", "gt", "gte", "lt", "lte", "between", "isSet", "isNotSet"],
  string: ["eq", "ne", "in", "notIn", "contains", "startsWith", "isSet", "isNotSet"],
  enum: ["eq", "ne", "in", "notIn", "isSet", "isNotSet"],
  date: [
    "eq",
    "ne",
    "gt",
    "gte",
    "lt",
    "lte",
    "between",
    "inLastDays",
    "inNextDays",
    "beforeDaysAgo",
    "isSet",
    "isNotSet",
  ],
  timestamp: ["gt", "gte", "lt", "lte", "between", "inLastDays", "beforeDaysAgo", "isSet", "isNotSet"],
  boolean: ["eq", "isSet", "isNotSet"],
};

const label = (zh: string, en: string): Labels => ({ "zh-CN": zh, en });

const profile = (
  name: string,
  type: FieldType,
  zh: string,
  en: string,
  expression: (context: ExpressionContext) => SQL,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  name: `profile.${name}`,
  type,
  source: "profile",
  label: label(zh, en),
  expression,
  ...extra,
});

const metric = (
  name: string,
  type: FieldType,
  zh: string,
  en: string,
  expression: (context: ExpressionContext) => SQL,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  name: `metrics.${name}`,
  type,
  source: "metrics",
  label: label(zh, en),
  expression,
  ...extra,
});

const rfm = (
  name: string,
  type: FieldType,
  zh: string,
  en: string,
  expression: (context: ExpressionContext) => SQL,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  name: `rfm.${name}`,
  type,
  source: "rfm",
  label: label(zh, en),
  expression,
  ...extra,
});

const column = (alias: "c" | "m" | "r", name: string) => () => sql.raw(`${alias}.${name}`);
// A customer without a metrics row has simply not ordered yet: counts and sums read as 0.
const counted = (
  name: string,
  type: FieldType,
  zh: string,
  en: string,
  columnName: string,
): FieldDefinition => metric(name, type, zh, en, column("m", columnName), { zeroIfMissing: true });
const daysSince = (name: string, zh: string, en: string, columnName: string): FieldDefinition =>
  metric(
    name,
    "number",
    zh,
    en,
    (ctx) => sql`(${ctx.today}::date - (m.${sql.raw(columnName)} at time zone ${ctx.timeZone})::date)`,
    { daysSince: sql.raw(`m.${columnName}`) },
  );

export const rfmClasses: readonly EnumValue[] = [
  { value: "important_value", label: label("重要价值客户", "Important value") },
  { value: "important_develop", label: label("重要发展客户", "Important to develop") },
  { value: "important_keep", label: label("重要保持客户", "Important to keep") },
  { value: "important_retain", label: label("重要挽留客户", "Important to win back") },
  { value: "general_value", label: label("一般价值客户", "General value") },
  { value: "general_develop", label: label("一般发展客户", "General to develop") },
  { value: "general_keep", label: label("一般保持客户", "General to keep") },
  { value: "general_retain", label: label("一般挽留客户", "General to win back") },
];

const genders: readonly EnumValue[] = [
  { value: "male", label: label("男", "Male") },
  { value: "female", label: label("女", "Female") },
  { value: "other", label: label("其他", "Other") },
  { value: "unknown", label: label("未知", "Unknown") },
];

const definitions: FieldDefinition[] = [
  profile("name", "string", "姓名", "Name", column("c", "name")),
  profile("phone", "string", "手机号", "Phone", column("c", "phone")),
  profile("email", "string", "邮箱", "Email", column("c", "email")),
  profile("gender", "enum", "性别", "Gender", column("c", "gender"), { values: genders }),
  profile("birthday", "date", "生日", "Birthday", column("c", "birthday"), { yearly: true }),
  profile(
    "age",
    "number",
    "年龄",
    "Age",
    (ctx) => sql`extract(year from age(${ctx.today}::date, c.birthday))::int`,
  ),
  profile("province", "string", "省份", "Province", column("c", "province")),
  profile("city", "string", "城市", "City", column("c", "city")),
  profile("district", "string", "区县", "District", column("c", "district")),
  profile("occupation", "string", "职业", "Occupation", column("c", "occupation")),
  profile("sourceChannel", "string", "来源渠道", "Source channel", column("c", "source_channel")),
  profile("joinedAt", "timestamp", "入会时间", "Joined at", column("c", "joined_at")),
  profile("createdAt", "timestamp", "建档时间", "Created at", column("c", "created_at")),
  profile("hasPhone", "boolean", "有手机号", "Has a phone", () => sql.raw("(c.phone is not null)")),
  counted("orderCount", "number", "订单数", "Orders", "order_count"),
  counted("totalSpent", "money", "累计消费", "Total spent", "total_spent"),
  counted("refundedAmount", "money", "累计退款", "Refunded", "refunded_amount"),
  counted("netSpent", "money", "净消费", "Net spent", "net_spent"),
  metric("averageOrderValue", "money", "客单价", "Average order value", column("m", "average_order_value")),
  metric("firstOrderAt", "timestamp", "首次下单时间", "First order at", column("m", "first_order_at")),
  metric("lastOrderAt", "timestamp", "最近下单时间", "Last order at", column("m", "last_order_at")),
  daysSince("daysSinceLastOrder", "距最近下单天数", "Days since last order", "last_order_at"),
  daysSince("daysSinceFirstOrder", "距首次下单天数", "Days since first order", "first_order_at"),
  counted("storesVisited", "number", "到访门店数", "Stores visited", "stores_visited"),
  metric(
    "favouriteCategory",
    "string",
    "最常购买品类",
    "Favourite category",
    column("m", "favourite_category"),
  ),
  rfm("class", "enum", "RFM 客户分类", "RFM class", column("r", "rfm_class"), { values: rfmClasses }),
  rfm("rScore", "number", "R 评分", "R score", column("r", "r_score")),
  rfm("fScore", "number", "F 评分", "F score", column("r", "f_score")),
  rfm("mScore", "number", "M 评分", "M score", column("r", "m_score")),
  rfm("recencyDays", "number", "R 最近消费间隔（天）", "Recency (days)", column("r", "recency_days")),
  rfm("frequency", "number", "F 消费频次", "Frequency", column("r", "frequency")),
  rfm("monetary", "money", "M 消费金额", "Monetary", column("r", "monetary")),
];

export const fieldRegistry: ReadonlyMap<string, FieldDefinition> = new Map(
  definitions.map((d) => [d.name, d]),
);

export function findField(name: string): FieldDefinition | undefined {
  return fieldRegistry.get(name);
}

/** The registry as the web rule builder reads it (no SQL). */
export function describeFields() {
  return definitions.map((d) => ({
    name: d.name,
    type: d.type,
    source: d.source,
    label: d.label,
    operators: [...operatorsByType[d.type]],
    ...(d.values ? { values: d.values.map((v) => ({ value: v.value, label: v.label })) } : {}),
    ...(d.yearly ? { yearly: true } : {}),
  }));
}
