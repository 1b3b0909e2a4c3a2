import type { DrawOrder } from "./ledger-types.js";
import type { LotKind } from "./tables.js";

/** An open lot as a debit sees it, already in oldest-expiry-first order. */
export type OpenLot = {
  id: string;
  kind: LotKind;
  remaining: number;
  sourceRef: string | null;
  pendingUntil: Date | null;
  expiresAt: Date | null;
};

export type Draw = { lotId: string; amount: number };

/** Takes up to `amount` from the lots in order; returns what it took from each lot. */
function takeInOrder(lots: OpenLot[], amount: number): Draw[] {
  const draws: Draw[] = [];
  let left = amount;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) draws.push({ lotId: lot.id, amount: take });
    left -= take;
  }
  return draws;
}

const sumRemaining = (lots: OpenLot[]) => lots.reduce((sum, lot) => sum + lot.remaining, 0);

/**
 * Splits a stored-value payment between principal and bonus in proportion to what each holds,
 * rounding the bonus share down (the customer's own money goes first on the odd 分).
 */
function takeProRata(lots: OpenLot[], amount: number): Draw[] {
  const bonusLots = lots.filter((lot) => lot.kind === "bonus");
  const principalLots = lots.filter((lot) => lot.kind !== "bonus");
  const bonusHeld = sumRemaining(bonusLots);
  const principalHeld = sumRemaining(principalLots);
  const total = bonusHeld + principalHeld;
  if (total === 0) return [];
  let fromBonus = Math.floor((amount * bonusHeld) / total);
  let fromPrincipal = amount - fromBonus;
  if (fromPrincipal > principalHeld) {
    fromBonus += fromPrincipal - principalHeld;
    fromPrincipal = principalHeld;
  }
  return [...takeInOrder(principalLots, fromPrincipal), ...takeInOrder(bonusLots, fromBonus)];
}

/** Which lots a debit of `amount` draws from, and how much it could not cover. */
export function planDraws(
  lots: OpenLot[],
  amount: number,
  order: DrawOrder,
): { draws: Draw[]; shortfall: number } {
  const draws =
    order === "pro_rata"
      ? takeProRata(lots, amount)
      : takeInOrder(
          order === "principal_first"
            ? [...lots.filter((l) => l.kind !== "bonus"), ...lots.filter((l) => l.kind === "bonus")]
            : lots,
          amount,
        );
  const taken = draws.reduce((sum, draw) => sum + draw.amount, 0);
  return { draws, shortfall: amount - taken };
}

export const isReleased = (lot: OpenLot, now: Date) => !lot.pendingUntil || lot.pendingUntil <= now;
