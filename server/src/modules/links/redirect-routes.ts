import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { App, AppDeps } from "../../http/app-types.js";
import { offsetAt } from "../../lib/dates.js";
import { verifyPassword } from "../../lib/passwords.js";
import { randomToken } from "../../lib/tokens.js";
import { classifyHitMemo, fingerprintVisitor, referrerHostOf } from "./classify-hit.js";
import { ClickBuffer, type ClickBufferOptions, defaultClickBufferOptions } from "./click-buffer.js";
import { linkCacheOf, type ResolvedLink } from "./link-cache.js";
import { passwordPage, unavailablePage } from "./link-pages.js";
import { fillLocation } from "./redirect-target.js";
import { type ClickRow, writeClicks } from "./write-clicks.js";

const visitorCookie = "qz_v";
const visitorCookieAgeSeconds = 365 * 24 * 3600;
const hidden = { hide: true } as const;

const SlugParamsSchema = z.object({
  slug: z.string().regex(/^[A-Za-z0-9]{4,32}$/u),
  token: z
    .string()
    .regex(/^[A-Za-z0-9]{6,32}$/u)
    .optional(),
});
const RedirectQuerySchema = z.object({ src: z.string().max(20).optional() });
const PasswordBodySchema = z.object({ password: z.string().max(200).default("") });

type Params = z.infer<typeof SlugParamsSchema>;

const buffers = new WeakMap<object, ClickBuffer>();

/** The app's click buffer (tests flush it to read what was recorded). */
export function clickBufferOf(app: App): ClickBuffer {
  const buffer = buffers.get(app);
  if (!buffer) throw new Error("short-link routes are not registered on this app");
  return buffer;
}

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
 * The public redirect: GET /s/<slug> (click), /s/<slug>?src=qr (scan), /s/<slug>/<token> (the
 * personalised variant) and POST of the password form. Global paths, not under a shop slug.
 */
export async function shortLinkRedirectRoutes(app: App, deps: AppDeps): Promise<void> {
  const cache = linkCacheOf(deps.database);
  const options: ClickBufferOptions = {
    ...defaultClickBufferOptions,
    maxDelayMs: deps.config.clickFlushMs ?? defaultClickBufferOptions.maxDelayMs,
  };
  const buffer = new ClickBuffer((rows) => writeClicks(deps.database, rows), app.log, options);
  buffers.set(app, buffer);
  app.addHook("onClose", () => buffer.close());

  const sendPage = (reply: FastifyReply, status: number, html: string) =>
    reply
      .status(status)
      .headers({ "cache-control": "no-store", "x-robots-tag": "noindex" })
      .type("text/html; charset=utf-8")
      .send(html);

  function record(
    request: FastifyRequest,
    reply: FastifyReply,
    link: ResolvedLink,
    customerId: string | null,
  ) {
    const now = deps.now().getTime();
    const userAgent = request.headers["user-agent"] ?? null;
    const referrer = request.headers.referer ?? null;
    const hit = classifyHitMemo(userAgent, request.method);
    let visitor = request.cookies[visitorCookie];
    if (!visitor || visitor.length > 40) {
      visitor = fingerprintVisitor(request.ip, userAgent);
      // The cookie carries the same id, so the first hit and later ones count as one visitor.
      if (!hit.isBot) {
        reply.setCookie(visitorCookie, visitor, {
          path: "/s",
          httpOnly: true,
          sameSite: "lax",
          maxAge: visitorCookieAgeSeconds,
        });
      }
    }
    const id = randomToken(16);
    const src = (request.query as { src?: string }).src;
    const row: ClickRow = {
      merchant_id: link.merchantId,
      id,
      link_id: link.linkId,
      at: new Date(now).toISOString(),
      ...bucketsOf(now, link.timeZone),
      kind: src === "qr" ? "scan" : "click",
      method: request.method,
      referrer: referrer ? referrer.slice(0, 1000) : null,
      referrer_host: referrerHostOf(referrer),
      user_agent: userAgent ? userAgent.slice(0, 1000) : null,
      device: hit.device,
      os: hit.os,
      browser: hit.browser,
      is_bot: hit.isBot,
      visitor,
      customer_id: customerId,
    };
    buffer.add(row);
    return id;
  }

  /** Finds the link and says why it cannot be followed, or null when it can. */
  async function open(params: Params, reply: FastifyReply) {
    const link = await cache.resolve(params.slug);
    if (!link) return { stop: sendPage(reply, 404, unavailablePage("missing")) };
    if (link.status !== "active" || (link.expiresAt && link.expiresAt.getTime() <= deps.now().getTime())) {
      return { stop: sendPage(reply, 410, unavailablePage("expired")) };
    }
    const customerId = params.token ? await cache.recipientOf(link, params.token) : null;
    return { link, customerId };
  }

  function redirect(
    request: FastifyRequest,
    reply: FastifyReply,
    link: ResolvedLink,
    customerId: string | null,
  ) {
    const clickId = record(request, reply, link, customerId);
    return reply
      .header("cache-control", "no-store")
      .header("referrer-policy", "no-referrer-when-downgrade")
      .redirect(fillLocation(link.location, clickId), 302);
  }

  const schema = { ...hidden, params: SlugParamsSchema, querystring: RedirectQuerySchema };

  for (const url of ["/s/:slug", "/s/:slug/:token"]) {
    app.get(url, { config: { access: "public" }, schema }, async (request, reply) => {
      const opened = await open(request.params, reply);
      if ("stop" in opened) return opened.stop;
      if (opened.link.passwordHash) return sendPage(reply, 200, passwordPage(request.url, false));
      return redirect(request, reply, opened.link, opened.customerId);
    });
  }

  // The password form posts urlencoded; the parser lives in this scope only.
  await app.register(async (plugin) => {
    const scope = plugin as unknown as App;
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    for (const url of ["/s/:slug", "/s/:slug/:token"]) {
      scope.post(
        url,
        {
          config: { access: "public", rateLimit: { max: 20, timeWindow: "1 minute" } },
          schema: { ...schema, body: PasswordBodySchema },
        },
        async (request, reply) => {
          const opened = await open(request.params, reply);
          if ("stop" in opened) return opened.stop;
          const { link, customerId } = opened;
          if (link.passwordHash && !(await verifyPassword(link.passwordHash, request.body.password))) {
            return sendPage(reply, 401, passwordPage(request.url, true));
          }
          return redirect(request, reply, link, customerId);
        },
      );
    }
  });
}
