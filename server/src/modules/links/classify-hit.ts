import { createHash } from "node:crypto";
import { isbot } from "isbot";
import UAParser from "ua-parser-js";

/**
 * Link-preview fetchers that isbot does not all name: chat apps and social networks fetch a
 * link to draw its card before (or without) a person opening it.
 */
const previewFetchers =
  /WhatsApp|TelegramBot|Slackbot|Slack-ImgProxy|facebookexternalhit|Facebot|Twitterbot|Discordbot|LinkedInBot|SkypeUriPreview|Pinterestbot|redditbot|Applebot|Iframely|Embedly|vkShare|Viber|Line\/|KakaoTalk-scrap|Mastodon|Bytespider|Baiduspider|YisouSpider|Sogou|360Spider|bingbot|Googlebot|Google-PageRenderer|curl\/|Wget\/|python-requests|HeadlessChrome/iu;

/** Distinct user agents (and address pairs) remembered per process before the memo starts over. */
const maxRemembered = 10_000;

export type HitClass = { device: string; os: string; browser: string; isBot: boolean };

/**
 * Device, OS and browser from the user agent (ua-parser-js), and the bot flag: isbot's list,
 * link-preview fetchers, HEAD requests and a missing user agent. Kept as a pure function so a
 * recount applies the same rules to the raw rows.
 */
export function classifyHit(userAgent: string | null | undefined, method: string): HitClass {
  const ua = userAgent ?? "";
  const parsed = new UAParser(ua).getResult();
  const isBot = method === "HEAD" || ua.trim() === "" || isbot(ua) || previewFetchers.test(ua);
  return {
    // ua-parser-js leaves device.type empty for desktops.
    device: parsed.device.type ?? (isBot ? "bot" : "desktop"),
    os: parsed.os.name ?? "other",
    browser: parsed.browser.name ?? "other",
    isBot,
  };
}

const fingerprints = new Map<string, string>();

/**
 * A visitor without our cookie: a hash of address and user agent (not reversible to either),
 * remembered per process because a visitor without cookies comes back with the same pair.
 */
export function fingerprintVisitor(ip: string, userAgent: string | null | undefined): string {
  const key = `${ip}\n${userAgent ?? ""}`;
  let fingerprint = fingerprints.get(key);
  if (!fingerprint) {
    fingerprint = `h:${createHash("sha256").update(key).digest("base64url").slice(0, 22)}`;
    if (fingerprints.size >= maxRemembered) fingerprints.clear();
    fingerprints.set(key, fingerprint);
  }
  return fingerprint;
}

/** The host of a referrer URL, lower-cased; null when absent or not a URL. */
export function referrerHostOf(referrer: string | null | undefined): string | null {
  if (!referrer) return null;
  try {
    return new URL(referrer).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

const classified = new Map<string, HitClass>();

/**
 * classifyHit with a per-process memo: parsing a user agent costs more than the rest of a
 * redirect, and a link's visitors share a few hundred distinct user agents.
 */
export function classifyHitMemo(userAgent: string | null | undefined, method: string): HitClass {
  const key = `${method} ${userAgent ?? ""}`;
  let hit = classified.get(key);
  if (!hit) {
    hit = classifyHit(userAgent, method);
    // A full memo starts over rather than tracking recency (odd user agents are one-offs).
    if (classified.size >= maxRemembered) classified.clear();
    classified.set(key, hit);
  }
  return hit;
}
