// The template editor's form values and the API's template input, both ways. Money is typed in 元 and
// travels in 分; the API's field paths (body.rule.tiers.1.amountOff) map back to the form's fields.
import type {
  CouponAudience,
  CouponKind,
  CouponRule,
  CouponTemplate,
  CouponTemplateInput,
  StackingGroup,
} from "../../../../shared/api-types";

export type TierValues = { minSpendYuan: number | null; amountOffYuan: number | null };
export type AudienceKind = "anyone" | "segment" | "layer" | "levels";

export type TemplateFormValues = {
  name: string;
  description?: string | null;
  kind: CouponKind;
  amountOffYuan?: number | null;
  percentOff?: number | null;
  maxDiscountYuan?: number | null;
  /** first_order: money off or percent off. */
  firstOrderMode: "amount" | "percent";
  tiers: TierValues[];
  giftSku?: string;
  giftName?: string;
  giftQuantity?: number | null;
  giftUnitPriceYuan?: number | null;
  exchangeSku?: string;
  exchangeQuantity?: number | null;
  minSpendYuan?: number | null;
  storeIds: string[];
  includeCategories: string[];
  excludeCategories: string[];
  includeSkus: string[];
  excludeSkus: string[];
  weekdays: number[];
  hoursFrom?: string | null;
  hoursTo?: string | null;
  validityType: "fixed" | "days_after_issue";
  validFrom?: string | null;
  validUntil?: string | null;
  validDays?: number | null;
  /** Empty = unlimited. */
  stock?: number | null;
  perCustomerLimit?: number | null;
  budgetYuan?: number | null;
  audienceKind: AudienceKind;
  audienceId?: string | null;
  levelIds: string[];
  exclusive: boolean;
  stackingGroup: StackingGroup;
  claimable: boolean;
};

/** The group each kind stacks in unless the operator picks another (the engine's defaults). */
export const defaultGroupOf: Record<CouponKind, StackingGroup> = {
  amount_off: "order",
  percent_off: "order",
  threshold: "order",
  first_order: "order",
  gift: "gift",
  exchange: "exchange",
};

export const emptyTemplateValues: TemplateFormValues = {
  name: "",
  kind: "threshold",
  firstOrderMode: "amount",
  tiers: [{ minSpendYuan: 100, amountOffYuan: 10 }],
  storeIds: [],
  includeCategories: [],
  excludeCategories: [],
  includeSkus: [],
  excludeSkus: [],
  weekdays: [],
  validityType: "days_after_issue",
  validDays: 30,
  audienceKind: "anyone",
  levelIds: [],
  exclusive: false,
  stackingGroup: "order",
  claimable: false,
};

/** 12.5 元 → 1250 分; never a float of yuan on the wire. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** 1250 分 → 12.5 元 (for an InputNumber). */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

const fenOrUndefined = (yuan: number | null | undefined) => (yuan == null ? undefined : yuanToFen(yuan));
const yuanOrNull = (fen: number | null | undefined) => (fen == null ? null : fenToYuan(fen));
const listOrUndefined = (values: string[]) => {
  const cleaned = values.map((v) => v.trim()).filter((v) => v !== "");
  return cleaned.length > 0 ? cleaned : undefined;
};

function kindFields(values: TemplateFormValues): CouponRule {
  const maxDiscount = fenOrUndefined(values.maxDiscountYuan);
  switch (values.kind) {
    case "amount_off":
      return { kind: "amount_off", amountOff: yuanToFen(values.amountOffYuan ?? 0) };
    case "percent_off":
      return { kind: "percent_off", percentOff: values.percentOff ?? 0, maxDiscount };
    case "threshold":
      return {
        kind: "threshold",
        tiers: values.tiers.map((tier) => ({
          minSpend: yuanToFen(tier.minSpendYuan ?? 0),
          amountOff: yuanToFen(tier.amountOffYuan ?? 0),
        })),
      };
    case "first_order":
      return values.firstOrderMode === "amount"
        ? { kind: "first_order", amountOff: yuanToFen(values.amountOffYuan ?? 0) }
        : { kind: "first_order", percentOff: values.percentOff ?? 0, maxDiscount };
    case "gift":
      return {
        kind: "gift",
        gift: {
          sku: values.giftSku?.trim() ?? "",
          name: values.giftName?.trim() ?? "",
          quantity: values.giftQuantity ?? 1,
          unitPrice: yuanToFen(values.giftUnitPriceYuan ?? 0),
        },
      };
    case "exchange":
      return {
        kind: "exchange",
        exchangeSku: values.exchangeSku?.trim() ?? "",
        exchangeQuantity: values.exchangeQuantity ?? 1,
        maxDiscount,
      };
  }
}

function audienceOf(values: TemplateFormValues): CouponAudience | null {
  switch (values.audienceKind) {
    case "anyone":
      return null;
    case "segment":
    case "layer":
      return { kind: values.audienceKind, id: values.audienceId ?? "" };
    case "levels":
      return { kind: "levels", ids: values.levelIds };
  }
}

/** The form as the API's template input (POST, or the whole PATCH body). */
export function templateInputOf(values: TemplateFormValues): CouponTemplateInput {
  const scope = {
    storeIds: listOrUndefined(values.storeIds),
    includeCategories: listOrUndefined(values.includeCategories),
    excludeCategories: listOrUndefined(values.excludeCategories),
    includeSkus: listOrUndefined(values.includeSkus),
    excludeSkus: listOrUndefined(values.excludeSkus),
  };
  const hours =
    values.hoursFrom && values.hoursTo ? { from: values.hoursFrom, to: values.hoursTo } : undefined;
  const weekdays =
    values.weekdays.length > 0 && values.weekdays.length < 7 ? [...values.weekdays] : undefined;
  const rule: CouponRule = {
    ...kindFields(values),
    minSpend: fenOrUndefined(values.minSpendYuan) ?? 0,
    scope: Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined)),
    ...(hours || weekdays
      ? { schedule: { ...(weekdays ? { weekdays } : {}), ...(hours ? { hours } : {}) } }
      : {}),
    stacking: { exclusive: values.exclusive, group: values.stackingGroup },
  };
  const validity =
    values.validityType === "fixed"
      ? { type: "fixed" as const, validFrom: values.validFrom ?? null, validUntil: values.validUntil ?? "" }
      : { type: "days_after_issue" as const, days: values.validDays ?? 0 };
  return {
    name: values.name.trim(),
    description: values.description?.trim() ? values.description.trim() : null,
    rule: dropUndefined(rule),
    validity,
    stock: values.stock ?? null,
    perCustomerLimit: values.perCustomerLimit ?? null,
    budget: values.budgetYuan == null ? null : yuanToFen(values.budgetYuan),
    audience: audienceOf(values),
    claimable: values.claimable,
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A saved template as the form's values (to edit it, or to start a copy). */
export function formValuesOf(template: Pick<CouponTemplate, keyof CouponTemplateInput>): TemplateFormValues {
  const { rule } = template;
  const values: TemplateFormValues = {
    ...emptyTemplateValues,
    name: template.name,
    description: template.description ?? null,
    kind: rule.kind,
    minSpendYuan: rule.minSpend ? fenToYuan(rule.minSpend) : null,
    storeIds: rule.scope?.storeIds ?? [],
    includeCategories: rule.scope?.includeCategories ?? [],
    excludeCategories: rule.scope?.excludeCategories ?? [],
    includeSkus: rule.scope?.includeSkus ?? [],
    excludeSkus: rule.scope?.excludeSkus ?? [],
    weekdays: rule.schedule?.weekdays ?? [],
    hoursFrom: rule.schedule?.hours?.from ?? null,
    hoursTo: rule.schedule?.hours?.to ?? null,
    exclusive: rule.stacking?.exclusive ?? false,
    stackingGroup: rule.stacking?.group ?? defaultGroupOf[rule.kind],
    stock: template.stock ?? null,
    perCustomerLimit: template.perCustomerLimit ?? null,
    budgetYuan: yuanOrNull(template.budget),
    claimable: template.claimable ?? false,
    ...validityValues(template.validity),
    ...audienceValues(template.audience ?? null),
  };
  switch (rule.kind) {
    case "amount_off":
      return { ...values, amountOffYuan: fenToYuan(rule.amountOff) };
    case "percent_off":
      return { ...values, percentOff: rule.percentOff, maxDiscountYuan: yuanOrNull(rule.maxDiscount) };
    case "threshold":
      return {
        ...values,
        tiers: rule.tiers.map((t) => ({
          minSpendYuan: fenToYuan(t.minSpend),
          amountOffYuan: fenToYuan(t.amountOff),
        })),
      };
    case "first_order":
      return {
        ...values,
        firstOrderMode: rule.amountOff !== undefined ? "amount" : "percent",
        amountOffYuan: yuanOrNull(rule.amountOff),
        percentOff: rule.percentOff ?? null,
        maxDiscountYuan: yuanOrNull(rule.maxDiscount),
      };
    case "gift":
      return {
        ...values,
        giftSku: rule.gift.sku,
        giftName: rule.gift.name,
        giftQuantity: rule.gift.quantity,
        giftUnitPriceYuan: fenToYuan(rule.gift.unitPrice),
      };
    case "exchange":
      return {
        ...values,
        exchangeSku: rule.exchangeSku,
        exchangeQuantity: rule.exchangeQuantity ?? 1,
        maxDiscountYuan: yuanOrNull(rule.maxDiscount),
      };
  }
}

function validityValues(validity: CouponTemplate["validity"]): Partial<TemplateFormValues> {
  return validity.type === "fixed"
    ? { validityType: "fixed", validFrom: validity.validFrom ?? null, validUntil: validity.validUntil }
    : { validityType: "days_after_issue", validDays: validity.days };
}

function audienceValues(audience: CouponAudience | null): Partial<TemplateFormValues> {
  if (!audience) return { audienceKind: "anyone", audienceId: null, levelIds: [] };
  if (audience.kind === "levels") return { audienceKind: "levels", levelIds: audience.ids };
  return { audienceKind: audience.kind, audienceId: audience.id };
}

export type FieldPath = (string | number)[];

const ruleFields: Record<string, string> = {
  amountOff: "amountOffYuan",
  percentOff: "percentOff",
  maxDiscount: "maxDiscountYuan",
  minSpend: "minSpendYuan",
  exchangeSku: "exchangeSku",
  exchangeQuantity: "exchangeQuantity",
  kind: "kind",
};
const giftFields: Record<string, string> = {
  sku: "giftSku",
  name: "giftName",
  quantity: "giftQuantity",
  unitPrice: "giftUnitPriceYuan",
};
const topFields: Record<string, string> = {
  name: "name",
  description: "description",
  stock: "stock",
  perCustomerLimit: "perCustomerLimit",
  budget: "budgetYuan",
  claimable: "claimable",
  status: "name",
};

/**
 * The form field an API issue path names ("body.rule.tiers.1.amountOff" → ["tiers", 1, "amountOffYuan"]),
 * or null when no single field fits (the message then shows above the form).
 */
export function formFieldOfApiPath(path: string): FieldPath | null {
  const parts = path.split(".").filter((p) => p !== "" && p !== "body");
  const [head, ...rest] = parts;
  if (head === undefined) return null;
  if (head === "rule") return ruleFieldOf(rest);
  if (head === "validity") {
    const field = rest[0];
    if (field === "validFrom" || field === "validUntil") return [field];
    if (field === "days") return ["validDays"];
    return ["validityType"];
  }
  if (head === "audience") {
    if (rest[0] === "ids") return ["levelIds"];
    return ["audienceId"];
  }
  const field = topFields[head];
  return field ? [field] : null;
}

function ruleFieldOf(parts: string[]): FieldPath | null {
  const [head, second, third] = parts;
  if (head === undefined) return ["kind"];
  if (head === "tiers") {
    const index = Number(second);
    // The list as a whole (no tiers at all) has no input of its own: the message goes above the form.
    if (!Number.isInteger(index)) return null;
    return ["tiers", index, third === "minSpend" ? "minSpendYuan" : "amountOffYuan"];
  }
  if (head === "gift") return [giftFields[second ?? ""] ?? "giftSku"];
  if (head === "scope") return second ? [second] : ["includeSkus"];
  if (head === "schedule") {
    if (second === "weekdays") return ["weekdays"];
    return [third === "from" ? "hoursFrom" : "hoursTo"];
  }
  if (head === "stacking") return [second === "exclusive" ? "exclusive" : "stackingGroup"];
  const field = ruleFields[head];
  return field ? [field] : null;
}

export type PlacedErrors = { fields: { name: FieldPath; errors: string[] }[]; general: string[] };

/** A 400's `details.issues` split into errors beside their fields and the ones no field takes. */
export function placeTemplateErrors(details: unknown, fallback: string): PlacedErrors {
  const issues = (details as { issues?: { path?: unknown; message?: unknown }[] } | null)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return { fields: [], general: [fallback] };
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const general: string[] = [];
  for (const issue of issues) {
    const path = typeof issue.path === "string" ? issue.path : "";
    const message = typeof issue.message === "string" ? issue.message : fallback;
    const name = formFieldOfApiPath(path);
    if (!name) {
      general.push(path ? `${path}: ${message}` : message);
      continue;
    }
    const key = name.join(".");
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], general };
}
