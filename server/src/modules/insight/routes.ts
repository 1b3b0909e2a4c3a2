import { withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf } from "../../http/request-context.js";
import { recordAudit } from "../audit/record-audit.js";
import { enqueueRfmRecompute } from "./enqueue-rfm-recompute.js";
import { getInsightSettings, updateInsightSettings } from "./insight-settings.js";
import { InsightSettingsSchema, RfmRecomputeAcceptedSchema, UpdateInsightSettingsSchema } from "./schemas.js";

const tags = ["insight"];

export async function insightRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/insight/settings",
    {
      config: { access: "insight:read" },
      schema: { tags, summary: "RFM settings", response: { 200: InsightSettingsSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) => getInsightSettings(tx, merchantId));
    },
  );

  app.put(
    "/api/v1/insight/settings",
    {
      config: { access: "insight:manage" },
      schema: {
        tags,
        summary: "Replace the RFM settings: window, reference date, scoring mode and cut-offs",
        body: UpdateInsightSettingsSchema,
        response: { 200: InsightSettingsSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const settings = await updateInsightSettings(tx, merchantId, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "insight.settings.update",
          targetType: "merchant",
          targetId: merchantId,
          details: request.body,
          ip: request.ip,
        });
        return settings;
      });
    },
  );

  app.post(
    "/api/v1/insight/rfm/recompute",
    {
      config: { access: "insight:manage" },
      schema: {
        tags,
        summary: "Recompute RFM for the whole shop now; follow the job at GET /api/v1/jobs/{jobId}",
        response: { 202: RfmRecomputeAcceptedSchema },
      },
    },
    async (request, reply) => {
      const jobId = await enqueueRfmRecompute(database, contextOf(request).merchantId);
      return reply.status(202).send({ jobId: String(jobId) });
    },
  );
}
