// How a coupon reads on the member page: its face value, its condition, where and when it works.
// Pure functions of the rule, so they are unit-tested and shared by the list, detail and centre.
import type { CouponCentreItem, CouponRuleView } from "../../shared/api-types";
import { formatDateTime } from "../../shared/time";
import type { CouponText } from "./coupon-messages";

/** 分 as a short price: 1000 → "¥10", 1050 → "¥10.5", 999 → "¥9.99" (coupons never need ".00"). */
export function shortMoney(fen: number, currency = "CNY"): string {
  const symbol = currency === "CNY" || currency === "JPY" ? "¥" : `${currency} `;
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  const tail = cents === 0 ? "" : cents % 10 === 0 ? `.${cents / 10}` : `.${String(cents).padStart(2, "0")}`;
  return `${symbol}${whole.toLocaleString("en-US")}${tail}`;
}

/** 20 (% off) → "8", 15 → "8.5": the 折 a Chinese shopper reads. */
export const zheOf = (percentOff: number) => String((100 - percentOff) / 10);

/** The big figure on the left of a coupon and what goes under it. */
export type CouponFace = { value: string; unit: "money" | "text"; note: string };

export function couponFace(rule: CouponRuleView, ct: CouponText, currency: string): CouponFace {
  const money = (fen: number) => shortMoney(fen, currency);
  const condition = conditionText(rule, ct, currency);
  switch (rule.kind) {
    case "amount_off":
      return { value: money(rule.amountOff ?? 0), unit: "money", note: condition };
    case "threshold": {
      const top = rule.tiers?.at(-1);
      return { value: money(top?.amountOff ?? 0), unit: "money", note: condition };
    }
    case "percent_off":
      return { value: percentValue(rule.percentOff ?? 0, ct), unit: "text", note: condition };
    case "first_order":
      return rule.amountOff !== undefined
        ? { value: money(rule.amountOff), unit: "money", note: ct("firstOrderOnly") }
        : { value: percentValue(rule.percentOff ?? 0, ct), unit: "text", note: ct("firstOrderOnly") };
    case "gift":
      return { value: ct("giftValue"), unit: "text", note: condition };
    case "exchange":
      return { value: ct("exchangeValue"), unit: "text", note: condition };
  }
}

function percentValue(percentOff: number, ct: CouponText): string {
  return ct("percentValue", { zhe: zheOf(percentOff), percent: percentOff });
}

/** When the coupon gives what: 满100可用 · tiers · the cap · the gift or the free item. */
export function conditionText(rule: CouponRuleView, ct: CouponText, currency: string): string {
  const money = (fen: number) => shortMoney(fen, currency);
  const threshold = rule.minSpend > 0 ? ct("minSpend", { amount: money(rule.minSpend) }) : ct("noMinimum");
  const sep = ct("listSeparator");
  switch (rule.kind) {
    case "threshold":
      return (rule.tiers ?? [])
        .map((tier) => ct("tiers", { min: money(tier.minSpend), off: money(tier.amountOff) }))
        .join(sep);
    case "percent_off":
    case "first_order":
      return rule.maxDiscount !== undefined
        ? `${threshold}${sep}${ct("maxDiscount", { amount: money(rule.maxDiscount) })}`
        : threshold;
    case "gift":
      return rule.gift
        ? `${threshold}${sep}${ct("giftLine", { name: rule.gift.name, quantity: rule.gift.quantity })}`
        : threshold;
    case "exchange":
      return ct("exchangeLine", { sku: rule.exchangeSku ?? "", quantity: rule.exchangeQuantity ?? 1 });
    default:
      return threshold;
  }
}

const short = (list: string[], sep: string) =>
  list.length > 3 ? `${list.slice(0, 3).join(sep)}…` : list.join(sep);

/** Where and when: stores, categories, items, weekdays and hours; "valid on everything" when free of limits. */
export function scopeLines(rule: CouponRuleView, ct: CouponText): string[] {
  const sep = ct("listSeparator");
  const { scope, schedule } = rule;
  const lines: string[] = [];
  if (scope.storeIds?.length) lines.push(ct("someStores"));
  if (scope.includeCategories?.length)
    lines.push(ct("onlyCategories", { list: short(scope.includeCategories, sep) }));
  if (scope.includeSkus?.length) lines.push(ct("onlySkus", { list: short(scope.includeSkus, sep) }));
  if (scope.excludeCategories?.length)
    lines.push(ct("exceptCategories", { list: short(scope.excludeCategories, sep) }));
  if (scope.excludeSkus?.length) lines.push(ct("exceptSkus", { list: short(scope.excludeSkus, sep) }));
  if (schedule?.weekdays?.length && schedule.weekdays.length < 7) {
    const names = ct("weekdayNames").split(",");
    const days = [...schedule.weekdays].sort((a, b) => a - b).map((d) => names[d - 1] ?? String(d));
    lines.push(ct("weekdays", { days: days.join(sep) }));
  }
  if (schedule?.hours) lines.push(ct("hours", schedule.hours));
  return lines.length > 0 ? lines : [ct("everywhere")];
}

/** A coupon centre template's validity, before it is claimed. */
export function centreValidityText(
  validity: CouponCentreItem["validity"],
  ct: CouponText,
  formatDate: (iso: string) => string,
): string {
  if (validity.type === "days_after_issue") return ct("validDays", { days: validity.days });
  return validity.validFrom
    ? ct("validRange", { from: formatDate(validity.validFrom), until: formatDate(validity.validUntil) })
    : ct("validUntil", { time: formatDate(validity.validUntil) });
}

/** The code the member types, as the server stores it, or null when it cannot be one (12 of the 32 symbols). */
export function normaliseTypedCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, "").toUpperCase();
  return /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}$/.test(code) ? code : null;
}

/**
 * The last minute a coupon can be used, on the shop's clock: validity ends at an exclusive instant,
 * usually a local midnight, which reads better as "12-07 23:59" than as "12-08 00:00".
 */
export function lastValidText(validUntil: string, timeZone: string): string {
  const end = formatDateTime(validUntil, timeZone);
  return end.endsWith(" 00:00")
    ? formatDateTime(new Date(Date.parse(validUntil) - 60_000).toISOString(), timeZone)
    : end;
}
