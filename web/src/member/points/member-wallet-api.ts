// The member's own wallets: balance and history, read-only (staff and the POS move the money).
import { apiRequest } from "../../shared/api";
import type { MemberLedgerEntry, Page, StoredValueBalance, WalletBalance } from "../../shared/api-types";

export type MemberWallet = "points" | "stored-value";

const quiet = { quietUnauthenticated: true };
const base = (slug: string, wallet: MemberWallet) => `/api/m/${encodeURIComponent(slug)}/${wallet}`;

export function fetchPoints(slug: string) {
  return apiRequest<WalletBalance>("GET", base(slug, "points"), quiet);
}

export function fetchStoredValue(slug: string) {
  return apiRequest<StoredValueBalance>("GET", base(slug, "stored-value"), quiet);
}

/** Small pages: phones are often on slow networks. */
export function fetchEntries(slug: string, wallet: MemberWallet, cursor: string | null) {
  return apiRequest<Page<MemberLedgerEntry>>("GET", `${base(slug, wallet)}/entries`, {
    query: { cursor, limit: 20 },
    ...quiet,
  });
}
