import type { FastifyReply } from "fastify";
import { z } from "zod";
import { AppError } from "../../errors.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { acceptInvitation, describeInvitation } from "../staff/invitations.js";
import { clearSessionCookie, setSessionCookie, staffCookie } from "./cookies.js";
import { describeSession } from "./describe-session.js";
import { LoginSchema, MeSchema, PasswordSchema } from "./schemas.js";
import { membershipsOf, verifyStaffLogin } from "./staff-login.js";
import {
  createStaffSession,
  deleteStaffSession,
  sessionLifetimeMs,
  switchSessionMerchant,
} from "./staff-sessions.js";

const tags = ["auth"];
const strict = { rateLimit: { max: 20, timeWindow: "1 minute" } };

/** Signs a login in: a new session for its chosen (or first) shop, the cookie, and the Me answer. */
export async function signIn(deps: AppDeps, reply: FastifyReply, userId: string, merchantId?: string) {
  const target = merchantId ?? (await membershipsOf(deps.database, userId))[0]?.id ?? null;
  const { token, csrfToken } = await createStaffSession(deps.database, userId, target);
  setSessionCookie(reply, deps.config, staffCookie, token, { path: "/", maxAgeMs: sessionLifetimeMs });
  return describeSession(deps.database, { userId, merchantId: target, csrfToken });
}

export async function authRoutes(app: App, deps: AppDeps): Promise<void> {
  app.post(
    "/api/auth/login",
    {
      config: { access: "public", ...strict },
      schema: {
        tags,
        summary: "Staff sign-in with email or phone and password",
        body: LoginSchema,
        response: { 200: MeSchema },
      },
    },
    async (request, reply) => {
      const userId = await verifyStaffLogin(deps.database, request.body.login, request.body.password);
      return signIn(deps, reply, userId);
    },
  );

  app.post(
    "/api/auth/logout",
    { config: { access: "public" }, schema: { tags, summary: "Sign out" } },
    async (request, reply) => {
      const session = request.staffSession;
      if (session) {
        if (request.headers["x-csrf-token"] !== session.csrfToken) {
          throw new AppError("csrf_failed", "Missing or wrong x-csrf-token header");
        }
        await deleteStaffSession(deps.database, session.tokenHash);
      }
      clearSessionCookie(reply, staffCookie, "/");
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/auth/me",
    {
      config: { access: "public" },
      schema: { tags, summary: "Who is signed in", response: { 200: MeSchema } },
    },
    async (request) => {
      const session = request.staffSession;
      if (!session) throw new AppError("unauthenticated", "Sign in");
      return describeSession(deps.database, session);
    },
  );

  app.post(
    "/api/auth/switch",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Act for another shop this login works for",
        body: z.strictObject({ merchantId: z.string().uuid() }),
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const session = request.staffSession;
      if (!session) throw new AppError("unauthenticated", "Sign in");
      if (request.headers["x-csrf-token"] !== session.csrfToken) {
        throw new AppError("csrf_failed", "Missing or wrong x-csrf-token header");
      }
      const memberships = await membershipsOf(deps.database, session.userId);
      if (!memberships.some((m) => m.id === request.body.merchantId)) {
        throw new AppError("forbidden", "You do not work for that shop");
      }
      await switchSessionMerchant(deps.database, session.tokenHash, request.body.merchantId);
      return describeSession(deps.database, { ...session, merchantId: request.body.merchantId });
    },
  );

  const TokenParams = z.object({ token: z.string().min(10).max(100) });

  app.get(
    "/api/auth/invitations/:token",
    {
      config: { access: "public", ...strict },
      schema: {
        tags,
        summary: "An open staff invitation",
        params: TokenParams,
        response: {
          200: z.object({
            email: z.string(),
            name: z.string().nullable(),
            role: z.string(),
            merchantName: z.string(),
            hasAccount: z.boolean(),
          }),
        },
      },
    },
    async (request) => describeInvitation(deps.database, request.params.token),
  );

  app.post(
    "/api/auth/invitations/:token/accept",
    {
      config: { access: "public", ...strict },
      schema: {
        tags,
        summary: "Accept a staff invitation and sign in",
        params: TokenParams,
        body: z.strictObject({
          name: z.string().trim().min(1).max(100).optional(),
          password: PasswordSchema,
        }),
        response: { 200: MeSchema },
      },
    },
    async (request, reply) => {
      const { userId, merchantId } = await acceptInvitation(
        deps.database,
        request.params.token,
        request.body,
      );
      return signIn(deps, reply, userId, merchantId);
    },
  );
}
