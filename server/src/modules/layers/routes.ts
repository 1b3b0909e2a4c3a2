import { z } from "zod";
import { withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { recordAudit } from "../audit/record-audit.js";
import { layersReevaluateJobName } from "./evaluate-layers.js";
import { customerLayerHistory, layerFlow } from "./layer-flow.js";
import { listLayers, saveLayers } from "./layer-settings.js";
import { previewLayers } from "./preview-layers.js";
import {
  CustomerLayerResponseSchema,
  FlowQuerySchema,
  FlowResponseSchema,
  LayerPreviewResponseSchema,
  LayerSaveResponseSchema,
  LayerSchema,
  LayerSetSchema,
} from "./schemas.js";

const tags = ["layers"];

export async function layerRoutes(app: App, { database, now }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/layers",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "The layers (社群分层) top to bottom with their customer counts; the defaults on first use",
        response: { 200: z.object({ data: z.array(LayerSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await withMerchant(database, merchantId, (tx) => listLayers(tx, merchantId)) };
    },
  );

  app.put(
    "/api/v1/layers",
    {
      config: { access: "insight:manage" },
      schema: {
        tags,
        summary:
          "Replace the layer set (names, order, entry rules); everyone is re-placed by a layers.reevaluate job",
        body: LayerSetSchema,
        response: { 200: LayerSaveResponseSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        await saveLayers(tx, merchantId, request.body.layers, now());
        const reevaluateJobId = await enqueueJob(tx, { name: layersReevaluateJobName, merchantId });
        await recordAudit(tx, merchantId, {
          actor,
          action: "layers.update",
          targetType: "layers",
          ip: request.ip,
        });
        return { data: await listLayers(tx, merchantId), reevaluateJobId };
      });
    },
  );

  app.post(
    "/api/v1/layers/preview",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "How many customers each layer of a proposed set would hold (nothing saved)",
        body: LayerSetSchema,
        response: { 200: LayerPreviewResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const started = performance.now();
      const result = await withMerchant(database, merchantId, (tx) =>
        previewLayers(tx, merchantId, request.body.layers, now()),
      );
      return { ...result, tookMs: Math.round((performance.now() - started) * 10) / 10 };
    },
  );

  app.post(
    "/api/v1/layers/reevaluate",
    {
      config: { access: "insight:manage" },
      schema: {
        tags,
        summary: "Re-place every customer now (a layers.reevaluate job)",
        response: { 202: z.object({ jobId: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const jobId = await enqueueJob(database, { name: layersReevaluateJobName, merchantId });
      return reply.status(202).send({ jobId });
    },
  );

  app.get(
    "/api/v1/layers/flow",
    {
      config: { access: "insight:read" },
      schema: {
        tags,
        summary:
          "Customers per (layer at the end of from, layer at the end of to), local days; for a Sankey chart",
        querystring: FlowQuerySchema,
        response: { 200: FlowResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) => layerFlow(tx, merchantId, request.query));
    },
  );

  app.get(
    "/api/v1/customers/:id/layer",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "A customer's current layer and its history of moves",
        params: IdParamsSchema,
        response: { 200: CustomerLayerResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) =>
        customerLayerHistory(tx, merchantId, request.params.id),
      );
    },
  );
}
