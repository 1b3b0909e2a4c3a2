// The member page's slice of the inbox API (/api/m/{slug}/inbox…). Writes carry x-requested-with.
import { apiRequest } from "../../shared/api";
import type { MessageCard, MessageCategory } from "../../shared/api-types";

export type InboxMessage = {
  id: string;
  category: MessageCategory;
  title: string;
  body: string;
  link: string | null;
  card: MessageCard | null;
  deliveredAt: string;
  readAt: string | null;
};

const writeHeaders = { "x-requested-with": "quanzi" };
const quiet = { quietUnauthenticated: true };

export function inboxApi(slug: string) {
  const base = `/api/m/${encodeURIComponent(slug)}/inbox`;
  return {
    list: (cursor: string | null) =>
      apiRequest<{ data: InboxMessage[]; nextCursor: string | null; unread: number }>("GET", base, {
        query: { cursor, limit: 20 },
        ...quiet,
      }),
    unread: () => apiRequest<{ unread: number }>("GET", `${base}/unread-count`, quiet),
    message: (id: string) => apiRequest<InboxMessage>("GET", `${base}/${encodeURIComponent(id)}`, quiet),
    markRead: (id: string) =>
      apiRequest<{ unread: number }>("POST", `${base}/${encodeURIComponent(id)}/read`, {
        headers: writeHeaders,
        ...quiet,
      }),
    markAllRead: () =>
      apiRequest<{ unread: number }>("POST", `${base}/read-all`, { headers: writeHeaders, ...quiet }),
  };
}

/** Where a card opens on the member page, for the kinds the page has screens for. */
export function cardPath(card: MessageCard): string | null {
  switch (card.kind) {
    case "coupon":
      return `/coupons/${encodeURIComponent(card.id)}`;
    case "flash_sale":
      return `/flash-sales/${encodeURIComponent(card.id)}`;
    case "mall_item":
      return `/mall/${encodeURIComponent(card.id)}`;
    case "checkin":
      return "/";
    default:
      return null;
  }
}
