import { z } from "zod";
import { withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { contextOf } from "../../../http/request-context.js";
import { checkTagReferences } from "../../tags/check-tag-references.js";
import { describeFields } from "./field-registry.js";
import { readMerchantTimeZone } from "./merchant-clock.js";
import { previewRule } from "./preview-rule.js";
import { FieldDescriptionSchema, PreviewBodySchema, PreviewResponseSchema } from "./schemas.js";
import { validateRule } from "./validate-rule.js";

const tags = ["insight"];

export async function conditionRoutes(app: App, { database, now }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/insight/fields",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Fields, types and operators of the condition language (for rule builders)",
        response: { 200: z.object({ data: z.array(FieldDescriptionSchema) }) },
      },
    },
    async () => ({ data: describeFields() }),
  );

  app.post(
    "/api/v1/insight/preview",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Count the customers a rule matches and list the newest 20",
        body: PreviewBodySchema,
        response: { 200: PreviewResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const rule = validateRule(request.body.rule);
      const at = request.body.now ? new Date(request.body.now) : now();
      const started = performance.now();
      return withMerchant(database, merchantId, async (tx) => {
        await checkTagReferences(tx, merchantId, rule);
        const timeZone = await readMerchantTimeZone(tx, merchantId);
        const result = await previewRule(tx, rule, { merchantId, timeZone, now: at });
        return { ...result, timeZone, tookMs: Math.round((performance.now() - started) * 10) / 10 };
      });
    },
  );
}
