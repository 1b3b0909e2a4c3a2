// The member page's slice of the points mall API (/api/m/{slug}/mall…). Writes carry
// x-requested-with like every member write; an exchange also carries its Idempotency-Key.
import { apiRequest } from "../../shared/api";
import type { MallExchange, MallItem, Page } from "../../shared/api-types";

export type MemberMallItem = Omit<MallItem, "couponSpec" | "sortOrder" | "active"> & {
  myRemaining: number | null;
  available: boolean;
  unavailableReason: "sold_out" | "not_started" | "ended" | "limit_reached" | null;
};

export type MemberMall = {
  balance: { balance: number; available: number; pending: number };
  items: MemberMallItem[];
};

const writeHeaders = { "x-requested-with": "quanzi" };
const quiet = { quietUnauthenticated: true };

export function mallApi(slug: string) {
  const base = `/api/m/${encodeURIComponent(slug)}/mall`;
  return {
    mall: () => apiRequest<MemberMall>("GET", base, quiet),
    /** `requestId` is made once per confirmation, so a double tap or a retry exchanges once. */
    exchange: (itemId: string, quantity: number, requestId: string) =>
      apiRequest<MallExchange>("POST", `${base}/${encodeURIComponent(itemId)}/exchange`, {
        body: { quantity },
        headers: { ...writeHeaders, "idempotency-key": requestId },
        ...quiet,
      }),
    exchanges: (cursor: string | null) =>
      apiRequest<Page<MallExchange>>("GET", `${base}/exchanges`, { query: { cursor, limit: 20 }, ...quiet }),
    cancel: (exchangeId: string) =>
      apiRequest<MallExchange>("POST", `${base}/exchanges/${encodeURIComponent(exchangeId)}/cancel`, {
        body: {},
        headers: writeHeaders,
        ...quiet,
      }),
  };
}

/** How many units the confirmation lets the member pick: stock, their limit and their points. */
export function maxQuantity(item: MemberMallItem, availablePoints: number): number {
  const byPoints = Math.floor(availablePoints / item.pointsPrice);
  return Math.max(0, Math.min(99, item.stock ?? 99, item.myRemaining ?? 99, byPoints));
}
