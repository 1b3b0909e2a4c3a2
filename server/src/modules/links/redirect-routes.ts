import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { App, AppDeps } from "../../http/app-types.js";
import { addFastPath } from "../../http/fast-paths.js";
import { verifyPassword } from "../../lib/passwords.js";
import { ClickBuffer, type ClickBufferOptions, defaultClickBufferOptions } from "./click-buffer.js";
import { linkCacheOf, type ResolvedLink } from "./link-cache.js";
import { passwordPage, unavailablePage } from "./link-pages.js";
import { answerRedirect, type Hit, visitorCookie } from "./redirect-answer.js";
import { redirectFastPath } from "./redirect-fast-path.js";
import { writeClicks } from "./write-clicks.js";

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

/**
 * The public redirect: GET /s/<slug> (click), /s/<slug>?src=qr (scan), /s/<slug>/<token> (the
 * personalised variant) and POST of the password form. Global paths, not under a shop slug.
 */
export async function shortLinkRedirectRoutes(app: App, deps: AppDeps): Promise<void> {
  const cache = linkCacheOf(deps.database);
  const options: ClickBufferOptions = {
    ...defaultClickBufferOptions,
    // Embedded PGlite writes on this process's thread: smaller batches block the redirects for less.
    maxBatch: deps.database.kind === "pglite" ? 400 : defaultClickBufferOptions.maxBatch,
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
    const hit: Hit = {
      ip: request.ip,
      method: request.method,
      userAgent: request.headers["user-agent"] ?? null,
      referrer: request.headers.referer ?? null,
      visitor: request.cookies[visitorCookie],
      src: (request.query as { src?: string }).src,
    };
    const answer = answerRedirect(link, customerId, hit, deps.now().getTime(), buffer);
    return reply.headers(answer.headers).redirect(answer.location, 302);
  }

  addFastPath(app, redirectFastPath(cache, buffer, deps.now));

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
