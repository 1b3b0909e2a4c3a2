import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";

export const staffCookie = "quanzi_session";
export const memberCookie = "quanzi_member";

/** Secure cookies behind HTTPS (auto), or as configured; httpOnly and SameSite=Lax always. */
function secure(config: Config, request: FastifyRequest): boolean {
  if (config.secureCookies === "auto") return request.protocol === "https";
  return config.secureCookies === "true";
}

export function setSessionCookie(
  reply: FastifyReply,
  config: Config,
  name: string,
  value: string,
  options: { path: string; maxAgeMs: number },
) {
  reply.setCookie(name, value, {
    path: options.path,
    httpOnly: true,
    sameSite: "lax",
    secure: secure(config, reply.request),
    maxAge: Math.floor(options.maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, name: string, path: string) {
  reply.clearCookie(name, { path });
}

/** Each shop's member session lives on its own path, so one phone can be a member of two shops. */
export const memberCookiePath = (slug: string) => `/api/m/${slug}`;
