import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../errors.js";
import type { Principal } from "./access.js";

const sources = { staff: "admin", api_key: "api", member: "member" } as const;

/** The merchant, the actor for the audit log and the event source of an authenticated request. */
export function contextOf(request: FastifyRequest): { merchantId: string; actor: Principal; source: string } {
  const principal = request.principal;
  if (!principal) throw new AppError("unauthenticated", "Sign in or send an API key");
  return { merchantId: principal.merchantId, actor: principal, source: sources[principal.kind] };
}

export const IdParamsSchema = z.object({ id: z.string().uuid() });

/** The signed-in member of a member-page route (access "member" has already checked it). */
export function memberOf(request: FastifyRequest): Extract<Principal, { kind: "member" }> {
  const principal = request.principal;
  if (principal?.kind !== "member") throw new AppError("unauthenticated", "Sign in with your phone");
  return principal;
}
