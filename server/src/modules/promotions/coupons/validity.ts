import { wallClockParts, wallTimeToInstant } from "../../../lib/dates.js";

export type TemplateValidity = { validFrom: Date | null; validUntil: Date | null; validDays: number | null };

/**
 * The validity a coupon issued at `now` gets, fixed on the coupon: a template's fixed window (from
 * its validFrom, or from issue when it has none), or `validDays` after issue — until the end of
 * the Nth local day in the shop's zone, the issue day being day 1 (1 = today only).
 */
export function couponValidity(
  template: TemplateValidity,
  now: Date,
  timeZone: string,
): { validFrom: Date; validUntil: Date } {
  if (template.validDays !== null) {
    const today = wallClockParts(now.getTime(), timeZone);
    const wall = Date.UTC(today.year, today.month - 1, today.day + template.validDays);
    return { validFrom: now, validUntil: new Date(wallTimeToInstant(wall, timeZone)) };
  }
  if (!template.validUntil) throw new Error("a template has validDays or validUntil");
  return { validFrom: template.validFrom ?? now, validUntil: template.validUntil };
}

/** What a member sees: an available or reserved coupon past its validity is expired, job or no job. */
export function effectiveStatus<S extends string>(status: S, validUntil: Date, now: Date): S | "expired" {
  if ((status === "available" || status === "reserved") && now >= validUntil) return "expired";
  return status;
}
