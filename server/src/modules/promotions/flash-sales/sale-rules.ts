import type { SalePhase, UnavailableReason } from "./schemas.js";

export type SaleTerms = {
  status: "active" | "paused";
  stock: number;
  sold: number;
  held: number;
  perMemberLimit: number | null;
  startsAt: Date;
  endsAt: Date;
};

/** The window is [startsAt, endsAt): a sale ending at 20:00 sells at 19:59:59.999, not at 20:00. */
export function phaseOf(sale: Pick<SaleTerms, "startsAt" | "endsAt">, now: Date): SalePhase {
  if (now < sale.startsAt) return "upcoming";
  if (now >= sale.endsAt) return "ended";
  return "running";
}

export const unitsLeft = (sale: Pick<SaleTerms, "stock" | "sold" | "held">) =>
  Math.max(0, sale.stock - sale.sold - sale.held);

/** Units one member may still buy: the limit less what they hold or bought; null = no limit. */
export function remainingForMember(sale: Pick<SaleTerms, "perMemberLimit">, myUnits: number): number | null {
  return sale.perMemberLimit === null ? null : Math.max(0, sale.perMemberLimit - myUnits);
}

/**
 * Why `quantity` units cannot be bought at `now`, or null when they can (as far as this snapshot
 * knows: the conditional update on the sale row decides). A paused or out-of-window sale says so
 * before stock does, and stock before the member's limit.
 */
export function whyUnavailable(
  sale: SaleTerms,
  now: Date,
  myUnits: number,
  quantity: number,
): UnavailableReason | null {
  if (sale.status !== "active") return "paused";
  const phase = phaseOf(sale, now);
  if (phase === "upcoming") return "not_started";
  if (phase === "ended") return "ended";
  if (unitsLeft(sale) < quantity) return "sold_out";
  const remaining = remainingForMember(sale, myUnits);
  if (remaining !== null && remaining < quantity) return "limit_reached";
  return null;
}

export const holdUntilOf = (now: Date, paymentMinutes: number) =>
  new Date(now.getTime() + paymentMinutes * 60_000);

/** Purchase codes are stored as 12 digits and shown in groups of four. */
export function formatPurchaseCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, "$1 ");
}
