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

/** A Location with the click id's place left open: the part before it and the part after. */
export type LocationTemplate = { head: string; tail: string };

const clickIdPlaceholder = "QZCLICKIDPLACEHOLDER";

/**
 * The Location of a link's redirects: the target with the link's UTM values set as utm_* (they
 * replace the target's own utm_* of the same name, other parameters stay) and the click id,
 * fragment kept. Built once per link; click ids (random tokens) need no escaping.
 */
export function redirectLocationTemplate(target: string, utm: Utm): LocationTemplate {
  const relative = target.startsWith("/");
  const url = new URL(target, "http://relative.invalid");
  for (const key of utmKeys) {
    const value = utm[key];
    if (value) url.searchParams.set(`utm_${key}`, value);
  }
  url.searchParams.set(clickIdParameter, clickIdPlaceholder);
  const location = relative ? `${url.pathname}${url.search}${url.hash}` : url.toString();
  const at = location.indexOf(clickIdPlaceholder);
  return { head: location.slice(0, at), tail: location.slice(at + clickIdPlaceholder.length) };
}

export function fillLocation(template: LocationTemplate, clickId: string): string {
  return `${template.head}${clickId}${template.tail}`;
}

export function buildRedirectLocation(target: string, utm: Utm, clickId: string): string {
  return fillLocation(redirectLocationTemplate(target, utm), clickId);
}
