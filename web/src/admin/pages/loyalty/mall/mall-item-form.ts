// The item form's values and the API's MallItemInput, both ways; cash is typed in yuan, sent in 分.
import type { MallItem, MallItemInput, MallItemKind } from "../../../../shared/api-types";

export type MallItemFormValues = {
  kind: MallItemKind;
  name: string;
  description?: string;
  imageUrl?: string;
  pointsPrice: number;
  /** Yuan, two decimals at most; empty = points only. */
  cashYuan?: number | null;
  unlimitedStock: boolean;
  stock?: number | null;
  perMemberLimit?: number | null;
  validFrom?: string | null;
  validUntil?: string | null;
  pickupDays: number;
  active: boolean;
  sortOrder?: number | null;
  couponSpec?: string;
};

export const emptyItemValues: MallItemFormValues = {
  kind: "physical",
  name: "",
  pointsPrice: 100,
  unlimitedStock: false,
  stock: 10,
  pickupDays: 30,
  active: true,
};

/** 12.5 → 1250; never a float of yuan on the wire. */
export function yuanToFen(yuan: number | null | undefined): number {
  return yuan == null ? 0 : Math.round(yuan * 100);
}

export function valuesOfItem(item: MallItem): MallItemFormValues {
  return {
    kind: item.kind,
    name: item.name,
    description: item.description ?? undefined,
    imageUrl: item.imageUrl ?? undefined,
    pointsPrice: item.pointsPrice,
    cashYuan: item.cashPrice ? item.cashPrice / 100 : null,
    unlimitedStock: item.stock === null,
    stock: item.stock,
    perMemberLimit: item.perMemberLimit,
    validFrom: item.validFrom,
    validUntil: item.validUntil,
    pickupDays: item.pickupDays,
    active: item.active,
    sortOrder: item.sortOrder,
    couponSpec: item.couponSpec ? JSON.stringify(item.couponSpec, null, 2) : undefined,
  };
}

/** Throws SyntaxError when the coupon spec is not a JSON object (the form shows it on that field). */
export function inputOfValues(values: MallItemFormValues): MallItemInput {
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);
  let couponSpec: Record<string, unknown> | null = null;
  if (values.kind === "coupon" && values.couponSpec?.trim()) {
    const parsed: unknown = JSON.parse(values.couponSpec);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      throw new SyntaxError("not an object");
    couponSpec = parsed as Record<string, unknown>;
  }
  return {
    kind: values.kind,
    name: values.name.trim(),
    description: text(values.description),
    imageUrl: text(values.imageUrl),
    pointsPrice: values.pointsPrice,
    cashPrice: yuanToFen(values.cashYuan),
    couponSpec,
    stock: values.unlimitedStock ? null : (values.stock ?? 0),
    perMemberLimit: values.perMemberLimit ?? null,
    validFrom: values.validFrom ?? null,
    validUntil: values.validUntil ?? null,
    pickupDays: values.pickupDays,
    active: values.active,
    sortOrder: values.sortOrder ?? 0,
  };
}

/** The server's validation issues ({path: "body.validUntil"}) as form field errors. */
export function fieldErrorsOf(details: unknown): { name: string; errors: string[] }[] {
  const issues = (details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues ?? [];
  const formName: Record<string, string> = { cashPrice: "cashYuan", stock: "stock" };
  return issues.flatMap((issue) => {
    const field = issue.path?.split(".")[1];
    if (!field) return [];
    return [{ name: formName[field] ?? field, errors: [issue.message ?? "invalid"] }];
  });
}
