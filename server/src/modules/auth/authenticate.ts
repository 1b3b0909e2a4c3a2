import type { FastifyRequest } from "fastify";
import type { AppDeps } from "../../http/app-types.js";
import { findMemberSession } from "../members/member-sessions.js";
import { findMerchantIdBySlug } from "../merchants/create-merchant.js";
import { authenticateApiKey } from "./api-keys.js";
import { memberCookie, staffCookie } from "./cookies.js";
import { findStaffSession, type StaffSession } from "./staff-sessions.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The staff session behind the request's cookie, if any (also for logins not acting as staff). */
    staffSession: StaffSession | null;
  }
}

/**
 * Sets request.principal from, in order: an API key (Authorization: Bearer), a member session
 * cookie on the member API of its shop, or a staff session cookie.
 */
export async function authenticateRequest(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const key = await authenticateApiKey(deps.database, header.slice(7).trim());
    if (key) request.principal = { kind: "api_key", ...key };
    return;
  }
  if (request.url.startsWith("/api/m/")) return authenticateMember(deps, request);
  const token = request.cookies[staffCookie];
  if (!token || !request.url.startsWith("/api/")) return;
  const session = await findStaffSession(deps.database, token);
  request.staffSession = session;
  if (session?.merchantId && session.staffId && session.role) {
    request.principal = {
      kind: "staff",
      merchantId: session.merchantId,
      userId: session.userId,
      staffId: session.staffId,
      role: session.role,
      name: session.userName,
    };
  }
}

async function authenticateMember(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const token = request.cookies[memberCookie];
  const slug = request.url.split(/[/?]/)[3];
  if (!token || !slug) return;
  const merchantId = await findMerchantIdBySlug(deps.database, slug);
  if (!merchantId) return;
  const session = await findMemberSession(deps.database, merchantId, token);
  if (session) request.principal = { kind: "member", merchantId, customerId: session.customerId };
}
