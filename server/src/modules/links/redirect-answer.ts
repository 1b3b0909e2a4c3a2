import type { IncomingMessage } from "node:http";
import { offsetAt } from "../../lib/dates.js";
import { randomToken } from "../../lib/tokens.js";
import { classifyHitMemo, fingerprintVisitor, referrerHostOf } from "./classify-hit.js";
import type { ClickBuffer } from "./click-buffer.js";
import type { ResolvedLink } from "./link-cache.js";
import { fillLocation } from "./redirect-target.js";
import type { ClickRow } from "./write-clicks.js";

export const visitorCookie = "qz_v";
const visitorCookieAgeSeconds = 365 * 24 * 3600;

/** What a redirect reads of its request: the same from Fastify's request and from the raw one. */
export type Hit = {
  ip: string;
  method: string;
  userAgent: string | null;
  referrer: string | null;
  /** The qz_v cookie's value, decoded. */
  visitor: string | undefined;
  /** ?src=qr marks a scan of the link's QR code. */
  src: string | undefined;
};

/** The 302 to send: its Location and the other headers, the same on both paths. */
export type RedirectAnswer = { location: string; headers: Record<string, string> };

type Buckets = { day: string; hour: string };
const minuteBuckets = new Map<string, Buckets>();

/**
 * The local day (merchant zone) and UTC hour bucket of an instant. Every zone's offset changes on
 * a minute boundary, so one answer serves a zone for the whole minute.
 */
function bucketsOf(at: number, timeZone: string): Buckets {
  const minute = at - (at % 60_000);
  const key = `${minute} ${timeZone}`;
  let buckets = minuteBuckets.get(key);
  if (!buckets) {
    const local = new Date(minute + offsetAt(minute, timeZone));
    buckets = { day: local.toISOString().slice(0, 10), hour: new Date(at - (at % 3_600_000)).toISOString() };
    // Entries of past minutes are useless, so the map starts over rather than tracking age.
    if (minuteBuckets.size >= 1000) minuteBuckets.clear();
    minuteBuckets.set(key, buckets);
  }
  return buckets;
}

/**
 * Records the hit in the click buffer (written after the answer) and says what to answer: the
 * link's Location with a new click id, and a visitor cookie for a first-time human visitor.
 */
export function answerRedirect(
  link: ResolvedLink,
  customerId: string | null,
  hit: Hit,
  now: number,
  buffer: ClickBuffer,
): RedirectAnswer {
  const kind = classifyHitMemo(hit.userAgent, hit.method);
  const headers: Record<string, string> = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer-when-downgrade",
  };
  let visitor = hit.visitor;
  if (!visitor || visitor.length > 40) {
    visitor = fingerprintVisitor(hit.ip, hit.userAgent);
    // The cookie carries the same id, so the first hit and later ones count as one visitor.
    if (!kind.isBot) headers["set-cookie"] = visitorCookieHeader(visitor);
  }
  const id = randomToken(16);
  const row: ClickRow = {
    merchant_id: link.merchantId,
    id,
    link_id: link.linkId,
    at: new Date(now).toISOString(),
    ...bucketsOf(now, link.timeZone),
    kind: hit.src === "qr" ? "scan" : "click",
    method: hit.method,
    referrer: hit.referrer ? hit.referrer.slice(0, 1000) : null,
    referrer_host: referrerHostOf(hit.referrer),
    user_agent: hit.userAgent ? hit.userAgent.slice(0, 1000) : null,
    device: kind.device,
    os: kind.os,
    browser: kind.browser,
    is_bot: kind.isBot,
    visitor,
    customer_id: customerId,
  };
  buffer.add(row);
  return { location: fillLocation(link.location, id), headers };
}

function visitorCookieHeader(visitor: string): string {
  return `${visitorCookie}=${encodeURIComponent(visitor)}; Max-Age=${visitorCookieAgeSeconds}; Path=/s; HttpOnly; SameSite=Lax`;
}

/**
 * The visitor cookie's value from a Cookie header. (The cookie plugin's parser loads its library
 * only when the plugin registers, so the raw path reads the one cookie it needs itself.)
 */
export function visitorFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const at = pair.indexOf("=");
    if (at < 0 || pair.slice(0, at).trim() !== visitorCookie) continue;
    try {
      return decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The client's address as Fastify's trustProxy: true sees it: the first X-Forwarded-For entry. */
export function clientIpOf(request: IncomingMessage): string {
  const forwarded = request.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || request.socket.remoteAddress || "";
}
