import { z } from "zod";
import type { App, AppDeps } from "../../http/app-types.js";
import { signIn } from "../auth/routes.js";
import { MeSchema, PasswordSchema } from "../auth/schemas.js";
import { loadDemoShop } from "../demo/load-demo.js";
import { createMerchant, hasAnyMerchant, SlugSchema, TimeZoneSchema } from "../merchants/create-merchant.js";

const tags = ["setup"];

const SetupSchema = z.strictObject({
  shop: z.strictObject({
    name: z.string().trim().min(1).max(100),
    slug: SlugSchema,
    timeZone: TimeZoneSchema.optional(),
    locale: z.enum(["zh-CN", "en"]).optional(),
  }),
  owner: z.strictObject({
    name: z.string().trim().min(1).max(100),
    email: z.string().trim().toLowerCase().email(),
    password: PasswordSchema,
  }),
});

/** First run: on an empty database anyone may create the first shop and its owner, once. */
export async function setupRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    "/api/setup/status",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Whether the first shop still has to be created",
        response: { 200: z.object({ needsSetup: z.boolean() }) },
      },
    },
    async () => ({ needsSetup: !(await hasAnyMerchant(deps.database)) }),
  );

  app.post(
    "/api/setup",
    {
      config: { access: "public", rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "Create the first shop and its owner, and sign in",
        body: SetupSchema,
        response: { 201: MeSchema },
      },
    },
    async (request, reply) => {
      const { shop, owner } = request.body;
      const { merchant, ownerUserId } = await createMerchant(
        deps.database,
        { name: shop.name, slug: shop.slug, timeZone: shop.timeZone, locale: shop.locale, owner },
        { onlyIfFirst: true },
      );
      const me = await signIn(deps, reply, ownerUserId, merchant.id);
      return reply.status(201).send(me);
    },
  );

  app.post(
    "/api/setup/demo",
    {
      config: { access: "public", rateLimit: { max: 3, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "Load the demo shop instead of creating one (empty database only); answers its login",
        response: {
          201: z.object({
            merchantSlug: z.string(),
            login: z.object({ email: z.string(), password: z.string() }),
          }),
        },
      },
    },
    async (_request, reply) => {
      const { merchant, login } = await loadDemoShop(deps.database, { onlyIfFirst: true });
      return reply.status(201).send({ merchantSlug: merchant.slug, login });
    },
  );
}
