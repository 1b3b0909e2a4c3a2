import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { recordAudit } from "../../audit/record-audit.js";
import { getCustomer } from "../../customers/find-customers.js";
import { findWelcomeGift, grantWelcomeGift } from "./grant-welcome-gift.js";
import { listWelcomeGifts } from "./list-welcome-gifts.js";
import {
  ChannelSchema,
  GrantedWelcomeGiftSchema,
  WelcomeGiftSchema,
  WelcomeGiftSettingsInputSchema,
  WelcomeGiftSettingsSchema,
} from "./schemas.js";
import { readWelcomeGiftSettings, saveWelcomeGiftSettings } from "./welcome-gift-settings.js";

const adminTags = ["loyalty: welcome gift"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });

export async function welcomeGiftRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/loyalty/welcome-gift/settings",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags: adminTags,
        summary: "New-member gift (新人礼) settings: triggers, channels, points, items, first-order coupon",
        response: { 200: WelcomeGiftSettingsSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => readWelcomeGiftSettings(tx, merchantId));
    },
  );

  app.put(
    "/api/v1/loyalty/welcome-gift/settings",
    {
      config: { access: "loyalty:manage" },
      schema: {
        tags: adminTags,
        summary: "Replace the new-member gift settings (gifts already granted stay as they were)",
        body: WelcomeGiftSettingsInputSchema,
        response: { 200: WelcomeGiftSettingsSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const saved = await saveWelcomeGiftSettings(tx, merchantId, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "welcome_gift_settings.update",
          targetType: "welcome_gift_settings",
          details: { enabled: saved.enabled, triggers: saved.triggers, points: saved.points },
          ip: request.ip,
        });
        return saved;
      });
    },
  );

  app.get(
    "/api/v1/loyalty/welcome-gifts",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags: adminTags,
        summary: "New-member gifts granted, newest first",
        querystring: PageQuerySchema,
        response: { 200: pageOf(GrantedWelcomeGiftSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => listWelcomeGifts(tx, merchantId, request.query));
    },
  );

  app.get(
    "/api/v1/customers/:id/welcome-gift",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags: adminTags,
        summary: "A customer's new-member gift, if they received one",
        params: IdParamsSchema,
        response: { 200: z.object({ gift: WelcomeGiftSchema.nullable() }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, request.params.id);
        return { gift: await findWelcomeGift(tx, merchantId, customer.id) };
      });
    },
  );

  app.post(
    "/api/v1/customers/:id/welcome-gift",
    {
      config: { access: "wallet:write" },
      schema: {
        tags: adminTags,
        summary:
          "A member joined through a channel (an integration's join): grant the new-member gift once; 409 already_done if they have it",
        params: IdParamsSchema,
        body: z.strictObject({ channel: ChannelSchema }),
        response: { 201: WelcomeGiftSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const gift = await withMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, request.params.id);
        const outcome = await grantWelcomeGift(tx, merchantId, customer.id, "channel", actor, {
          channel: request.body.channel,
          source,
        });
        if (outcome.granted) {
          await recordAudit(tx, merchantId, {
            actor,
            action: "welcome_gift.grant",
            targetType: "customer",
            targetId: customer.id,
            details: { channel: request.body.channel, points: outcome.gift.points },
            ip: request.ip,
          });
          return outcome.gift;
        }
        if (outcome.reason === "already_granted") {
          throw new AppError("already_done", "This member already has the new-member gift");
        }
        throw new AppError("unprocessable", `The shop's new-member gift does not apply (${outcome.reason})`, {
          reason: outcome.reason,
        });
      });
      return reply.status(201).send(gift);
    },
  );

  app.get(
    "/api/m/:slug/welcome-gift",
    {
      config: { access: "member" },
      schema: {
        tags: ["member page"],
        summary: "My new-member gift, if I received one",
        params: SlugParams,
        response: { 200: z.object({ gift: WelcomeGiftSchema.nullable() }) },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      if (actor.kind !== "member") throw new AppError("unauthenticated", "Sign in with your phone");
      const gift = await readAsMerchant(database, merchantId, (tx) =>
        findWelcomeGift(tx, merchantId, actor.customerId),
      );
      return { gift };
    },
  );
}
