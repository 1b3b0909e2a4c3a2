import { apiRequest } from "../../shared/api";
import { clickIdOf } from "./click-id";

/** The short-link click id (?qz_click=) this page was opened with, kept across the login. */
const openedWithClick = clickIdOf(window.location.search);

let claimed = false;

/**
 * Tells the server which member followed the short link that opened this page (the redirect
 * cannot see the member's cookie). Once per page load; a failure only loses the attribution.
 */
export function claimShortLinkClick(slug: string): void {
  if (claimed || !openedWithClick) return;
  claimed = true;
  void apiRequest("POST", `/api/m/${encodeURIComponent(slug)}/link-clicks/claim`, {
    body: { clickId: openedWithClick },
    headers: { "x-requested-with": "quanzi" },
    quietUnauthenticated: true,
  }).catch(() => {});
}
