import type { Utm } from "./tables.js";

export const utmKeys = ["source", "medium", "campaign", "term", "content"] as const;

/** The query parameter that carries the click id to the target, for attributing later orders. */
export const clickIdParameter = "qz_click";

/**
 * Whether a target is allowed: a member-page path ("/m/<shop>/…") or an absolute http(s) URL.
 * Anything else (javascript:, protocol-relative "//host", other local paths) is refused.
 */
export function isAllowedTarget(target: string): boolean {
  if (target.startsWith("/")) {
    return /^\/m\/[a-z0-9-]+(\/[^\s\\]*)?(\?[^\s]*)?(#[^\s]*)?$/u.test(target) && !target.startsWith("//");
  }
  try {
    const url = new URL(target);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * The Location of a redirect: the target with the link's UTM values set as utm_* (they replace the
 * target's own utm_* of the same name, other parameters stay) and the click id, fragment kept.
 */
export function buildRedirectLocation(target: string, utm: Utm, clickId: string): string {
  const relative = target.startsWith("/");
  const url = new URL(target, "http://relative.invalid");
  for (const key of utmKeys) {
    const value = utm[key];
    if (value) url.searchParams.set(`utm_${key}`, value);
  }
  url.searchParams.set(clickIdParameter, clickId);
  return relative ? `${url.pathname}${url.search}${url.hash}` : url.toString();
}
