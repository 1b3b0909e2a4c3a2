import { wallClockParts } from "../../../lib/dates.js";
import type { CandidateCoupon, CartLine } from "./cart-types.js";
import type { CouponSchedule, CouponScope } from "./coupon-rule.js";
import type { RejectionReason } from "./rejection-reasons.js";

export type CheckContext = {
  at: Date;
  timeZone: string;
  storeId: string | null;
  firstOrder: boolean;
  skus: ReadonlySet<string>;
  /** Wall clock in the merchant's zone, worked out once per cart (Intl is the slow part). */
  wallClock: () => { weekday: number; minuteOfDay: number };
};

export function createCheckContext(
  input: { at: Date; timeZone: string; storeId: string | null; firstOrder: boolean },
  lines: readonly CartLine[],
): CheckContext {
  let wall: { weekday: number; minuteOfDay: number } | undefined;
  return {
    ...input,
    skus: new Set(lines.map((line) => line.sku)),
    wallClock: () => {
      if (!wall) {
        const parts = wallClockParts(input.at.getTime(), input.timeZone);
        wall = {
          weekday: parts.weekday === 0 ? 7 : parts.weekday,
          minuteOfDay: parts.hour * 60 + parts.minute,
        };
      }
      return wall;
    },
  };
}

/** The checks that do not depend on the other coupons: validity, store, schedule, first order, item. */
export function checkCouponUsable(coupon: CandidateCoupon, context: CheckContext): RejectionReason | null {
  const at = context.at.getTime();
  if (coupon.validFrom && at < coupon.validFrom.getTime()) {
    return { code: "not_started", validFrom: coupon.validFrom.toISOString() };
  }
  if (coupon.validUntil && at >= coupon.validUntil.getTime()) {
    return { code: "expired", validUntil: coupon.validUntil.toISOString() };
  }
  const rule = coupon.rule;
  if (!isStoreAllowed(rule.scope, context.storeId)) return { code: "wrong_store" };
  if (rule.schedule && !isInSchedule(rule.schedule, context.wallClock())) return { code: "outside_hours" };
  if (rule.kind === "first_order" && !context.firstOrder) return { code: "not_first_order" };
  if (rule.kind === "exchange" && !context.skus.has(rule.exchangeSku)) {
    return { code: "item_not_in_cart", sku: rule.exchangeSku };
  }
  return null;
}

function isStoreAllowed(scope: CouponScope, storeId: string | null): boolean {
  if (!scope.storeIds || scope.storeIds.length === 0) return true;
  return storeId !== null && scope.storeIds.includes(storeId);
}

export function isInSchedule(
  schedule: CouponSchedule,
  wall: { weekday: number; minuteOfDay: number },
): boolean {
  if (schedule.weekdays && !schedule.weekdays.includes(wall.weekday)) return false;
  if (!schedule.hours) return true;
  const from = minutesOf(schedule.hours.from);
  const to = minutesOf(schedule.hours.to);
  const now = wall.minuteOfDay;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Indexes of the lines in the coupon's scope: included by category or sku (or no include lists), not excluded. */
export function findScopeLines(scope: CouponScope, lines: readonly CartLine[]): number[] {
  const includesAll = !scope.includeCategories?.length && !scope.includeSkus?.length;
  const indexes: number[] = [];
  lines.forEach((line, index) => {
    if (scope.excludeSkus?.includes(line.sku)) return;
    if (line.category !== null && scope.excludeCategories?.includes(line.category)) return;
    const included =
      includesAll ||
      scope.includeSkus?.includes(line.sku) ||
      (line.category !== null && scope.includeCategories?.includes(line.category));
    if (included) indexes.push(index);
  });
  return indexes;
}
