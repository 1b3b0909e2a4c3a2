import type { FastPath } from "../../http/fast-paths.js";
import type { ClickBuffer } from "./click-buffer.js";
import type { LinkCache } from "./link-cache.js";
import { answerRedirect, clientIpOf, visitorFromCookieHeader } from "./redirect-answer.js";

const redirectPath = /^\/s\/([A-Za-z0-9]{4,32})(?:\/([A-Za-z0-9]{6,32}))?$/u;

/**
 * GET /s/<slug>[/<token>] on the raw request: the redirect is the busiest public route, and a
 * followable link needs none of the app's hooks (no session, no access rule, no body). Anything
 * else — a missing, expired or password-protected link, an unknown token, a bad query — is left
 * to the Fastify route, which renders those pages; both answer through answerRedirect.
 */
export function redirectFastPath(cache: LinkCache, buffer: ClickBuffer, now: () => Date): FastPath {
  return (request, response) => {
    const url = request.url ?? "";
    if (request.method !== "GET" || !url.startsWith("/s/") || buffer.isClosed) return false;
    const queryAt = url.indexOf("?");
    const match = redirectPath.exec(queryAt < 0 ? url : url.slice(0, queryAt));
    if (!match) return false;
    const src =
      queryAt < 0 ? undefined : (new URLSearchParams(url.slice(queryAt + 1)).get("src") ?? undefined);
    if (src !== undefined && src.length > 20) return false;
    return (async () => {
      const link = await cache.resolve(match[1] as string);
      const at = now().getTime();
      if (link?.status !== "active" || link.passwordHash) return false;
      if (link.expiresAt && link.expiresAt.getTime() <= at) return false;
      const token = match[2];
      const customerId = token ? await cache.recipientOf(link, token) : null;
      const answer = answerRedirect(
        link,
        customerId,
        {
          ip: clientIpOf(request),
          method: "GET",
          userAgent: request.headers["user-agent"] ?? null,
          referrer: request.headers.referer ?? null,
          visitor: visitorFromCookieHeader(request.headers.cookie),
          src,
        },
        at,
        buffer,
      );
      response.writeHead(302, { ...answer.headers, location: answer.location, "content-length": "0" });
      response.end();
      return true;
    })();
  };
}
