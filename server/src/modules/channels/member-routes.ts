import { isbot } from "isbot";
import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { memberOf } from "../../http/request-context.js";
import { PhoneSchema } from "../../lib/phone.js";
import { randomToken } from "../../lib/tokens.js";
import { signInMember } from "../members/sign-in-member.js";
import { findMerchantBySlug } from "../merchants/create-merchant.js";
import {
  findPublicLiveCode,
  getLandingCode,
  joinThroughLiveCode,
  readAssignedTargetImage,
  recordScan,
} from "./join-live-code.js";
import type { Whereabouts } from "./routing-rules.js";
import { MemberJoinSchema, MemberLandingSchema } from "./schemas.js";

const tags = ["member page"];
const LiveCodeParam = z.string().regex(/^[A-Za-z0-9]{6,16}$/, "a live code");
const LandingParams = z.object({ slug: z.string().min(1).max(40), liveCode: LiveCodeParam });
export const visitorCookie = "quanzi_visitor";

const JoinBodySchema = z.strictObject({
  /** Phone + SMS code, unless the member is already signed in on this shop. */
  phone: PhoneSchema.optional(),
  code: z
    .string()
    .trim()
    .regex(/^\d{4,8}$/, "the digits of the code")
    .optional(),
  /** Store codes: a location shared with consent, or a chosen city. */
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  city: z.string().trim().min(1).max(50).optional(),
});

function whereaboutsOf(body: z.infer<typeof JoinBodySchema>): Whereabouts {
  if (body.latitude !== undefined && body.longitude !== undefined) {
    return { latitude: body.latitude, longitude: body.longitude };
  }
  return body.city ? { city: body.city } : null;
}

export async function memberLiveCodeRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/c/:code",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "A live code's stable URL (the QR holds it): records the scan, opens the member landing page",
        description: "302 to /m/<slug>/join/<code>; 404 not_found for an unknown code.",
        params: z.object({ code: z.string().max(40) }),
      },
    },
    async (request, reply) => {
      const found = await findPublicLiveCode(database, request.params.code);
      if (!found) throw new AppError("not_found", "No such live code");
      const userAgent = request.headers["user-agent"] ?? null;
      let visitorId = request.cookies[visitorCookie];
      if (!visitorId || !/^[A-Za-z0-9]{16,40}$/.test(visitorId)) {
        visitorId = randomToken(24);
        reply.setCookie(visitorCookie, visitorId, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          maxAge: 365 * 24 * 3600,
        });
      }
      const scan = {
        liveCodeId: found.liveCodeId,
        visitorId,
        userAgent,
        // Link previews and crawlers are kept but flagged, so they do not count as scans.
        isBot: request.method === "HEAD" || (userAgent ? isbot(userAgent) : true),
        at: deps.now(),
      };
      await withMerchant(database, found.merchantId, (tx) => recordScan(tx, found.merchantId, scan));
      return reply.redirect(`/m/${found.slug}/join/${request.params.code}`, 302);
    },
  );

  app.get(
    "/api/m/:slug/join/:liveCode",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "A live code's landing: the shop, the code's name and welcome, whether it asks for a location",
        params: LandingParams,
        response: {
          200: MemberLandingSchema,
        },
      },
    },
    async (request) => {
      const merchant = await findMerchantBySlug(database, request.params.slug);
      if (!merchant) throw new AppError("not_found", `No shop at ${request.params.slug}`);
      const landing = await readAsMerchant(database, merchant.id, (tx) =>
        getLandingCode(tx, merchant.id, request.params.liveCode),
      );
      return { shopName: merchant.name, ...landing };
    },
  );

  app.post(
    "/api/m/:slug/join/:liveCode",
    {
      config: { access: "public", rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary:
          "Join through a live code: sign in (phone + SMS code) if needed, then the routed target and welcome",
        description:
          "Applies the code's channel tags and welcome gift once per customer; the same customer again gets the same target. allFull true (target null) when every target, backups included, is full. 401 invalid_code, 410 gone for an archived code.",
        params: LandingParams,
        body: JoinBodySchema,
        response: {
          200: MemberJoinSchema,
        },
      },
    },
    async (request, reply) => {
      const { slug, liveCode } = request.params;
      const merchant = await findMerchantBySlug(database, slug);
      if (!merchant) throw new AppError("not_found", `No shop at ${slug}`);
      const now = deps.now();
      let customerId: string;
      let created = false;
      const principal = request.principal;
      if (principal?.kind === "member" && principal.merchantId === merchant.id) {
        customerId = principal.customerId;
      } else {
        const { phone, code } = request.body;
        if (!phone || !code) {
          throw new AppError("validation_failed", "Sign in with phone and code", { field: "phone" });
        }
        const signedIn = await signInMember(deps, reply, merchant, {
          phone,
          code,
          channel: `livecode-${liveCode}`,
          now,
        });
        customerId = signedIn.customerId;
        created = signedIn.created;
      }
      const outcome = await joinThroughLiveCode(database, merchant.id, {
        code: liveCode,
        slug,
        customerId,
        newMember: created,
        where: whereaboutsOf(request.body),
        now,
        actor: { kind: "member", merchantId: merchant.id, customerId },
      });
      return { customerId, ...outcome };
    },
  );

  app.get(
    "/api/m/:slug/join/:liveCode/target-qr",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "The QR image of the group or staff member I was routed to",
        params: LandingParams,
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const image = await readAsMerchant(database, member.merchantId, (tx) =>
        readAssignedTargetImage(tx, member.merchantId, request.params.liveCode, member.customerId),
      );
      if (!image) throw new AppError("not_found", "No QR image for your target");
      return reply
        .header("content-type", image.contentType)
        .header("cache-control", "private, max-age=300")
        .send(Buffer.from(image.image));
    },
  );
}
