// The member page's slice of the flash sale API (/api/m/{slug}/flash-sales…). A purchase carries
// x-requested-with like every member write, and its Idempotency-Key.
import { apiRequest } from "../../shared/api";
import type { FlashPurchaseStatus, FlashSalePhase } from "../../shared/api-types";

export type FlashUnavailableReason =
  | "paused"
  | "not_started"
  | "ended"
  | "sold_out"
  | "limit_reached"
  | "not_in_audience";

export type MemberFlashSale = {
  id: string;
  name: string;
  sku: string;
  itemName: string;
  imageUrl: string | null;
  originalPrice: number;
  price: number;
  stock: number;
  left: number;
  perMemberLimit: number | null;
  startsAt: string;
  endsAt: string;
  paymentMinutes: number;
  phase: FlashSalePhase;
  myUnits: number;
  myRemaining: number | null;
  unavailableReason: FlashUnavailableReason | null;
};

export type MemberFlashPurchase = {
  id: string;
  saleId: string;
  code: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  status: FlashPurchaseStatus;
  holdUntil: string;
  createdAt: string;
  confirmedAt: string | null;
  releasedAt: string | null;
  releaseReason: "cancelled" | "expired" | null;
  saleName: string;
  itemName: string;
  imageUrl: string | null;
};

const writeHeaders = { "x-requested-with": "quanzi" };
const quiet = { quietUnauthenticated: true };

export function flashApi(slug: string) {
  const base = `/api/m/${encodeURIComponent(slug)}/flash-sales`;
  return {
    sales: () => apiRequest<{ now: string; data: MemberFlashSale[] }>("GET", base, quiet),
    sale: (id: string) =>
      apiRequest<MemberFlashSale & { now: string }>("GET", `${base}/${encodeURIComponent(id)}`, quiet),
    /** `requestId` is made once per confirmation, so a double tap or a retry buys once. */
    buy: (id: string, quantity: number, requestId: string) =>
      apiRequest<MemberFlashPurchase>("POST", `${base}/${encodeURIComponent(id)}/buy`, {
        body: { quantity },
        headers: { ...writeHeaders, "idempotency-key": requestId },
        ...quiet,
      }),
    purchases: (cursor: string | null) =>
      apiRequest<{ now: string; data: MemberFlashPurchase[]; nextCursor: string | null }>(
        "GET",
        `${base}/purchases`,
        { query: { cursor, limit: 20 }, ...quiet },
      ),
  };
}

/** How many units the confirmation lets the member pick: what is left and their own limit. */
export function maxQuantity(sale: Pick<MemberFlashSale, "left" | "myRemaining">): number {
  return Math.max(0, Math.min(99, sale.left, sale.myRemaining ?? 99));
}
