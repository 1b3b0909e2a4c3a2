import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors.js";

export const staffRoles = ["owner", "manager", "operator", "clerk"] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Who is calling. Every authenticated principal belongs to exactly one merchant for the request. */
export type Principal =
  | { kind: "staff"; merchantId: string; userId: string; staffId: string; role: StaffRole; name: string }
  | { kind: "api_key"; merchantId: string; keyId: string; name: string }
  | { kind: "member"; merchantId: string; customerId: string };

/** What a route needs. A route without an access rule does not start (see assertEveryRouteHasAccess). */
export const permissions = [
  "customers:read",
  "customers:write",
  "orders:read",
  "orders:write",
  "orders:refund",
  "imports:run",
  "stores:manage",
  "staff:manage",
  "apikeys:manage",
  "settings:manage",
  "dashboard:read",
  "audit:read",
  "jobs:read",
  "insight:read",
  "insight:manage",
  "tags:manage",
  "segments:manage",
  "loyalty:read",
  "loyalty:manage",
  "wallet:write",
  "points:adjust",
  "mall:verify",
  "promotions:read",
  "promotions:manage",
  "checkout:write",
  "coupon:verify",
  "community:manage",
  "links:read",
  "links:manage",
  "channels:manage",
] as const;
export type Permission = (typeof permissions)[number];

const everything = new Set<Permission>(permissions);
const rolePermissions: Record<StaffRole, ReadonlySet<Permission>> = {
  owner: everything,
  manager: new Set(permissions.filter((p) => p !== "apikeys:manage" && p !== "settings:manage")),
  operator: new Set<Permission>([
    "customers:read",
    "customers:write",
    "orders:read",
    "orders:write",
    "orders:refund",
    "imports:run",
    "dashboard:read",
    "jobs:read",
    "insight:read",
    "tags:manage",
    "segments:manage",
    "loyalty:read",
    "wallet:write",
    "points:adjust",
    "mall:verify",
    "promotions:read",
    "promotions:manage",
    "checkout:write",
    "coupon:verify",
    "community:manage",
    "links:read",
    "links:manage",
    "channels:manage",
  ]),
  clerk: new Set<Permission>([
    "customers:read",
    "customers:write",
    "orders:read",
    "dashboard:read",
    "loyalty:read",
    "wallet:write",
    "mall:verify",
    "promotions:read",
    "checkout:write",
    "coupon:verify",
  ]),
};

/** API keys serve the POS and integrators: data in and out, no staff or settings administration. */
const apiKeyPermissions = new Set<Permission>([
  "customers:read",
  "customers:write",
  "orders:read",
  "orders:write",
  "orders:refund",
  "imports:run",
  "jobs:read",
  "insight:read",
  "tags:manage",
  "segments:manage",
  "loyalty:read",
  "wallet:write",
  "points:adjust",
  "mall:verify",
  "promotions:read",
  "checkout:write",
  "community:manage",
  "links:read",
  "links:manage",
]);

export function roleHas(role: StaffRole, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export const permissionsOfRole = (role: StaffRole): Permission[] => [...rolePermissions[role]];

export function permissionsOf(principal: Principal): Permission[] {
  if (principal.kind === "staff") return [...rolePermissions[principal.role]];
  if (principal.kind === "api_key") return [...apiKeyPermissions];
  return [];
}

/**
 * Access rule on each route's `config.access`:
 * - "public": anyone (health, login, setup)
 * - "staff": any signed-in staff member, whatever the role
 * - "member": a signed-in member (customer) of the merchant in the URL
 * - a Permission: staff whose role has it, or an API key that has it
 */
export type Access = "public" | "staff" | "member" | Permission;

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function checkAccess(access: Access, principal: Principal | null): void {
  if (access === "public") return;
  if (!principal) throw new AppError("unauthenticated", "Sign in or send an API key");
  if (access === "member") {
    if (principal.kind !== "member") throw new AppError("forbidden", "Members only");
    return;
  }
  if (access === "staff") {
    if (principal.kind !== "staff") throw new AppError("forbidden", "Staff only");
    return;
  }
  const allowed =
    principal.kind === "staff"
      ? roleHas(principal.role, access)
      : principal.kind === "api_key" && apiKeyPermissions.has(access);
  if (!allowed) throw new AppError("forbidden", `Your role may not do this (needs ${access})`);
}

/** The merchant the request acts for; routes that need one call this after the access check. */
export function merchantOf(request: FastifyRequest): string {
  if (!request.principal) throw new AppError("unauthenticated", "Sign in or send an API key");
  return request.principal.merchantId;
}

export function staffOf(request: FastifyRequest): Extract<Principal, { kind: "staff" }> {
  const p = request.principal;
  if (p?.kind !== "staff") throw new AppError("forbidden", "Staff only");
  return p;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must prove they come from our own pages: staff send the session's
 * CSRF token, members a custom header that a cross-site form cannot set.
 */
export function checkCsrf(request: FastifyRequest, sessionCsrfToken: string | null): void {
  if (safeMethods.has(request.method)) return;
  if (request.url.startsWith("/api/m/")) {
    if (request.headers["x-requested-with"] !== "quanzi") {
      throw new AppError("csrf_failed", "Missing x-requested-with: quanzi header");
    }
    return;
  }
  if (sessionCsrfToken && request.headers["x-csrf-token"] !== sessionCsrfToken) {
    throw new AppError("csrf_failed", "Missing or wrong x-csrf-token header");
  }
}

export async function enforceAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (request.is404) return;
  const access = request.routeOptions.config.access;
  // The API docs pages come from @fastify/swagger-ui, which cannot carry our route config.
  if (!access && request.routeOptions.url?.startsWith("/api/docs")) return;
  if (!access) throw new AppError("forbidden", "Route has no access rule");
  checkAccess(access, request.principal);
  if (request.principal?.kind === "api_key") return;
  const staffToken = access === "public" ? null : (request.staffSession?.csrfToken ?? null);
  checkCsrf(request, staffToken);
}
