import { wallClockParts, wallTimeToInstant } from "../../../lib/dates.js";

/**
 * When an exchange made at `now` stops being collectable: the start of the shop's local day
 * `pickupDays` after the exchange day. pickupDays 1 = today only; 7 = today and the next six days.
 */
export function pickupExpiresAt(now: Date, pickupDays: number, timeZone: string): Date {
  const today = wallClockParts(now.getTime(), timeZone);
  const wall = Date.UTC(today.year, today.month - 1, today.day + pickupDays);
  return new Date(wallTimeToInstant(wall, timeZone));
}

export type Unavailable = "inactive" | "not_started" | "ended" | "sold_out" | "limit_reached";

export type ItemTerms = {
  active: boolean;
  stock: number | null;
  perMemberLimit: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
};

/** Units one member may still take: the limit less what they hold, never negative; null = no limit. */
export function remainingForMember(item: ItemTerms, heldUnits: number): number | null {
  return item.perMemberLimit === null ? null : Math.max(0, item.perMemberLimit - heldUnits);
}

/**
 * Why `quantity` units cannot be exchanged at `now`, or null when they can. The order matters to
 * the member: a switched-off or out-of-window item says so before stock or limits do.
 */
export function whyUnavailable(
  item: ItemTerms,
  now: Date,
  heldUnits: number,
  quantity: number,
): Unavailable | null {
  if (!item.active) return "inactive";
  if (item.validFrom && now < item.validFrom) return "not_started";
  if (item.validUntil && now >= item.validUntil) return "ended";
  if (item.stock !== null && item.stock < quantity) return "sold_out";
  const remaining = remainingForMember(item, heldUnits);
  if (remaining !== null && remaining < quantity) return "limit_reached";
  return null;
}

/** Pickup codes are stored as 12 digits and shown in groups of four. */
export function formatPickupCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, "$1 ");
}
