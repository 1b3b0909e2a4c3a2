// The member page's slice of the coupon API (/api/m/{slug}/coupons…). Writes carry x-requested-with
// like every member write; a claim also carries its Idempotency-Key (one per tap).
import { apiRequest } from "../../shared/api";
import type { CouponCentreItem, MemberCoupon } from "../../shared/api-types";

export type CouponTab = "available" | "used" | "expired";

const writeHeaders = { "x-requested-with": "quanzi" };
const quiet = { quietUnauthenticated: true };

export function couponsApi(slug: string) {
  const base = `/api/m/${encodeURIComponent(slug)}`;
  return {
    list: (status: CouponTab) =>
      apiRequest<{ data: MemberCoupon[] }>("GET", `${base}/coupons`, { query: { status }, ...quiet }),
    centre: () => apiRequest<{ data: CouponCentreItem[] }>("GET", `${base}/coupon-centre`, quiet),
    claim: (templateId: string, requestId: string) =>
      apiRequest<MemberCoupon>("POST", `${base}/coupon-centre/${encodeURIComponent(templateId)}/claim`, {
        body: {},
        headers: { ...writeHeaders, "idempotency-key": requestId },
        ...quiet,
      }),
    bind: (code: string) =>
      apiRequest<MemberCoupon>("POST", `${base}/coupons/bind`, {
        body: { code },
        headers: writeHeaders,
        ...quiet,
      }),
  };
}

export type CouponsApi = ReturnType<typeof couponsApi>;
