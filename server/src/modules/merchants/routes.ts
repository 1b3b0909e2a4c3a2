import { z } from "zod";
import { withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf } from "../../http/request-context.js";
import { recordAudit } from "../audit/record-audit.js";
import { TimeZoneSchema } from "./create-merchant.js";
import { getShopSettings, updateShopSettings } from "./settings.js";

const tags = ["settings"];
const SettingsSchema = z.object({
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  locale: z.enum(["zh-CN", "en"]),
});

export async function settingsRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/settings",
    {
      config: { access: "staff" },
      schema: { tags, summary: "Shop settings", response: { 200: SettingsSchema } },
    },
    async (request) => getShopSettings(database, contextOf(request).merchantId),
  );

  app.patch(
    "/api/v1/settings",
    {
      config: { access: "settings:manage" },
      schema: {
        tags,
        summary: "Change the shop's name, time zone, currency or language",
        body: z.strictObject({
          name: z.string().trim().min(1).max(100).optional(),
          timeZone: TimeZoneSchema.optional(),
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as CNY")
            .optional(),
          locale: z.enum(["zh-CN", "en"]).optional(),
        }),
        response: { 200: SettingsSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const settings = await updateShopSettings(database, merchantId, request.body);
      await withMerchant(database, merchantId, (tx) =>
        recordAudit(tx, merchantId, {
          actor,
          action: "settings.update",
          targetType: "merchant",
          targetId: merchantId,
          details: request.body,
          ip: request.ip,
        }),
      );
      return settings;
    },
  );
}
