import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { PhoneSchema } from "../../lib/phone.js";
import { clearSessionCookie, memberCookie, memberCookiePath } from "../auth/cookies.js";
import { getCustomer } from "../customers/find-customers.js";
import { genders } from "../customers/tables.js";
import { updateCustomer } from "../customers/update-customer.js";
import { grantProfileCompletionPoints } from "../loyalty/welcome-gift/profile-completion.js";
import { ChannelSchema } from "../loyalty/welcome-gift/schemas.js";
import { findMerchantBySlug } from "../merchants/create-merchant.js";
import { listOrders } from "../orders/find-orders.js";
import { OrderSchema } from "../orders/schemas.js";
import { deleteMemberSession } from "./member-sessions.js";
import { sendLoginCode } from "./one-time-codes.js";
import { signInMember } from "./sign-in-member.js";
import { smsSenderFor } from "./sms-senders.js";

const tags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });

const MemberProfileSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  gender: z.enum(genders).nullable(),
  birthday: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  email: z.string().nullable(),
});
type MemberProfile = z.infer<typeof MemberProfileSchema>;

const ProfileChangeSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).nullable().optional(),
  gender: z.enum(genders).nullable().optional(),
  birthday: z.iso.date().nullable().optional(),
  province: z.string().trim().max(50).nullable().optional(),
  city: z.string().trim().max(50).nullable().optional(),
  district: z.string().trim().max(50).nullable().optional(),
  email: z.string().trim().toLowerCase().email().max(200).nullable().optional(),
});

const profileOf = (c: MemberProfile): MemberProfile => ({
  id: c.id,
  name: c.name,
  phone: c.phone,
  gender: c.gender,
  birthday: c.birthday,
  province: c.province,
  city: c.city,
  district: c.district,
  email: c.email,
});

async function shopOf(deps: AppDeps, slug: string) {
  const merchant = await findMerchantBySlug(deps.database, slug);
  if (!merchant) throw new AppError("not_found", `No shop at ${slug}`);
  return merchant;
}

function memberOf(request: FastifyRequest) {
  const p = request.principal;
  if (p?.kind !== "member") throw new AppError("unauthenticated", "Sign in with your phone");
  return p;
}

export async function memberRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;
  const sender = smsSenderFor(deps.config, (line) => app.log.info(line));

  app.get(
    "/api/m/:slug/shop",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "The shop behind a member page",
        params: SlugParams,
        response: {
          200: z.object({
            name: z.string(),
            slug: z.string(),
            locale: z.string(),
            timeZone: z.string(),
            currency: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const m = await shopOf(deps, request.params.slug);
      return { name: m.name, slug: m.slug, locale: m.locale, timeZone: m.timeZone, currency: m.currency };
    },
  );

  app.post(
    "/api/m/:slug/otp",
    {
      config: { access: "public", rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "Send a one-time login code to a phone",
        params: SlugParams,
        body: z.strictObject({ phone: PhoneSchema }),
        response: {
          200: z.object({
            sent: z.literal(true),
            retryAfterSeconds: z.number(),
            expiresInSeconds: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const merchant = await shopOf(deps, request.params.slug);
      const timing = await sendLoginCode(database, merchant, request.body.phone, sender, deps.now());
      return { sent: true as const, ...timing };
    },
  );

  app.post(
    "/api/m/:slug/login",
    {
      config: { access: "public", rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "Sign in with phone and code (a new phone becomes a member)",
        params: SlugParams,
        body: z.strictObject({
          phone: PhoneSchema,
          code: z
            .string()
            .trim()
            .regex(/^\d{4,8}$/, "the digits of the code"),
          /** The `?channel=` of the join link the member came through. */
          channel: ChannelSchema.optional(),
        }),
        response: { 200: z.object({ customer: MemberProfileSchema }) },
      },
    },
    async (request, reply) => {
      const merchant = await shopOf(deps, request.params.slug);
      const { phone, code, channel } = request.body;
      const { customerId } = await signInMember(deps, reply, merchant, {
        phone,
        code,
        channel,
        now: deps.now(),
      });
      const customer = await readAsMerchant(database, merchant.id, (tx) =>
        getCustomer(tx, merchant.id, customerId),
      );
      return { customer: profileOf(customer) };
    },
  );

  app.post(
    "/api/m/:slug/logout",
    {
      config: { access: "public" },
      schema: { tags, summary: "Sign out of the member page", params: SlugParams },
    },
    async (request, reply) => {
      const token = request.cookies[memberCookie];
      if (token && request.principal?.kind === "member") {
        await deleteMemberSession(database, request.principal.merchantId, token);
      }
      clearSessionCookie(reply, memberCookie, memberCookiePath(request.params.slug));
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/m/:slug/me",
    {
      config: { access: "member" },
      schema: { tags, summary: "My profile", params: SlugParams, response: { 200: MemberProfileSchema } },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return profileOf(
        await readAsMerchant(database, merchantId, (tx) => getCustomer(tx, merchantId, customerId)),
      );
    },
  );

  app.patch(
    "/api/m/:slug/me",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Change my profile",
        params: SlugParams,
        body: ProfileChangeSchema,
        response: { 200: MemberProfileSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { merchantId, customerId } = member;
      const { customer } = await withMerchant(database, merchantId, async (tx) => {
        const updated = await updateCustomer(tx, merchantId, customerId, request.body, "member");
        await grantProfileCompletionPoints(tx, merchantId, customerId, updated.customer, member);
        return updated;
      });
      return profileOf(customer);
    },
  );

  app.get(
    "/api/m/:slug/orders",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My orders, newest first",
        params: SlugParams,
        querystring: PageQuerySchema,
        response: { 200: pageOf(OrderSchema) },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return readAsMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, customerId);
        return listOrders(tx, merchantId, { customerId: customer.id }, request.query);
      });
    },
  );
}
