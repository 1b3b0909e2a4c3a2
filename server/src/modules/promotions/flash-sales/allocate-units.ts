import { type SaleTerms, whyUnavailable } from "./sale-rules.js";
import type { UnavailableReason } from "./schemas.js";

export type UnitRequest = { customerId: string; quantity: number; idempotencyKey: string; now: Date };

/** What the sale's row and its purchases say now, read under the sale row's lock. */
export type SaleState = {
  sale: SaleTerms;
  /** Purchases already made under a requester's key: `${customerId} ${key}` → purchase id. */
  usedKeys: ReadonlyMap<string, string>;
  /** Units each requester holds or bought of this sale. */
  unitsOf: ReadonlyMap<string, number>;
};

export type Allocation =
  | { kind: "held" }
  | { kind: "replay"; purchaseId: string }
  | { kind: "refused"; reason: UnavailableReason; myUnits: number };

export const usedKeyOf = (customerId: string, key: string) => `${customerId} ${key}`;

/**
 * Decides a queue of purchase requests in arrival order against one sale: a request whose key was
 * already used replays that purchase; otherwise it gets its units if the sale is open, the units
 * are left and the member's limit allows, each grant counting for the requests after it. A later
 * request for fewer units may still fit after an earlier, bigger one did not.
 */
export function allocateUnits(state: SaleState, requests: readonly UnitRequest[]): Allocation[] {
  let held = state.sale.held;
  const units = new Map(state.unitsOf);
  return requests.map((request) => {
    const used = state.usedKeys.get(usedKeyOf(request.customerId, request.idempotencyKey));
    if (used) return { kind: "replay", purchaseId: used };
    const myUnits = units.get(request.customerId) ?? 0;
    const reason = whyUnavailable({ ...state.sale, held }, request.now, myUnits, request.quantity);
    if (reason) return { kind: "refused", reason, myUnits };
    held += request.quantity;
    units.set(request.customerId, myUnits + request.quantity);
    return { kind: "held" };
  });
}
