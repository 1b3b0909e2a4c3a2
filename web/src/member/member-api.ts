// The member page's slice of the API (docs/api.md, /api/m/{slug}/*). Writes carry x-requested-with,
// a header a cross-site form cannot add, which the server requires on member writes.
import { apiRequest } from "../shared/api";
import type { Order, Page } from "../shared/api-types";

export type MemberShop = {
  name: string;
  slug: string;
  locale: "zh-CN" | "en";
  /** Order times are shown on the shop's wall clock, wherever the member's phone is. */
  timeZone: string;
  currency: string;
};

export type Gender = "male" | "female" | "other" | "unknown";

export type MemberProfile = {
  id: string;
  name: string | null;
  phone: string | null;
  gender: Gender | null;
  birthday: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  email: string | null;
};

export type ProfileChanges = Partial<Omit<MemberProfile, "id" | "phone">>;

export type CodeSent = { sent: true; retryAfterSeconds: number; expiresInSeconds: number };

/** Small pages: each order card carries its items, and phones are often on slow networks. */
export const ordersPageSize = 10;

const writeHeaders = { "x-requested-with": "quanzi" };
const quiet = { quietUnauthenticated: true };

export function memberApi(slug: string) {
  const base = `/api/m/${encodeURIComponent(slug)}`;
  return {
    shop: () => apiRequest<MemberShop>("GET", `${base}/shop`, quiet),
    me: () => apiRequest<MemberProfile>("GET", `${base}/me`, quiet),
    sendCode: (phone: string) =>
      apiRequest<CodeSent>("POST", `${base}/otp`, { body: { phone }, headers: writeHeaders, ...quiet }),
    login: (phone: string, code: string, channel?: string) =>
      apiRequest<{ customer: MemberProfile }>("POST", `${base}/login`, {
        body: channel ? { phone, code, channel } : { phone, code },
        headers: writeHeaders,
        ...quiet,
      }),
    logout: () => apiRequest<void>("POST", `${base}/logout`, { headers: writeHeaders, ...quiet }),
    updateMe: (changes: ProfileChanges) =>
      apiRequest<MemberProfile>("PATCH", `${base}/me`, { body: changes, headers: writeHeaders, ...quiet }),
    orders: (cursor: string | null) =>
      apiRequest<Page<Order>>("GET", `${base}/orders`, {
        query: { cursor, limit: ordersPageSize },
        ...quiet,
      }),
  };
}

export type MemberApi = ReturnType<typeof memberApi>;
