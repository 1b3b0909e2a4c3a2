import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyReply } from "fastify";
import type { App } from "./app-types.js";

/** web/dist beside this package: the same depth from src/http and dist/http. */
export const defaultWebDistDir = fileURLToPath(new URL("../../../web/dist", import.meta.url));

export type StaticFilesOptions = { distDir: string };

const oneYearSeconds = 365 * 24 * 60 * 60;
const hidden = { hide: true } as const;

/**
 * Serves the built web apps: hashed assets cached for a year, and each app's index.html (never cached,
 * so a new build is picked up at once) for every client-side route under /admin and /m/<slug>.
 */
export async function registerStaticFiles(app: App, options: StaticFilesOptions): Promise<void> {
  const distDir = path.resolve(options.distDir);
  // serve: false — the plugin's own wildcard route would carry no access rule; ours below do.
  await app.register(fastifyStatic, { root: distDir, serve: false });

  const sendIndex = (reply: FastifyReply, entry: "admin" | "m", what: string) => {
    const file = path.join(distDir, entry, "index.html");
    if (!existsSync(file)) {
      return reply
        .status(503)
        .header("cache-control", "no-store")
        .type("text/plain; charset=utf-8")
        .send(`${what} not built: run npm run build`);
    }
    // The apps are never meant to be framed (clickjacking) and the page URL carries the shop slug only.
    reply.headers({
      "cache-control": "no-cache",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    });
    return reply.sendFile(`${entry}/index.html`, distDir, { cacheControl: false });
  };

  const publicRoute = { config: { access: "public" as const }, schema: hidden };

  app.get("/", publicRoute, (_request, reply) => reply.redirect("/admin"));
  app.get("/admin", publicRoute, (_request, reply) => sendIndex(reply, "admin", "web console"));
  app.get("/admin/*", publicRoute, (_request, reply) => sendIndex(reply, "admin", "web console"));
  app.get("/m/:slug", publicRoute, (_request, reply) => sendIndex(reply, "m", "member page"));
  app.get("/m/:slug/*", publicRoute, (_request, reply) => sendIndex(reply, "m", "member page"));
  app.get("/assets/*", publicRoute, (request, reply) => {
    const file = (request.params as { "*": string })["*"];
    return reply.sendFile(file, path.join(distDir, "assets"), {
      maxAge: oneYearSeconds * 1000,
      immutable: true,
    });
  });
}
