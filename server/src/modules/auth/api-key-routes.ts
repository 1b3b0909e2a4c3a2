import { z } from "zod";
import { withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { recordAudit } from "../audit/record-audit.js";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.js";

const tags = ["api keys"];
const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export async function apiKeyRoutes(app: App, { database }: AppDeps): Promise<void> {
  const config = { access: "apikeys:manage" as const };
  app.get(
    "/api/v1/api-keys",
    {
      config,
      schema: {
        tags,
        summary: "API keys (secrets are never shown again)",
        response: { 200: z.object({ data: z.array(ApiKeySchema) }) },
      },
    },
    async (request) => ({ data: await listApiKeys(database, contextOf(request).merchantId) }),
  );

  app.post(
    "/api/v1/api-keys",
    {
      config,
      schema: {
        tags,
        summary: "Create an API key; the key is in this answer only",
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: z.object({ key: z.string(), apiKey: ApiKeySchema }) },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const staffId = actor.kind === "staff" ? actor.staffId : null;
      const created = await createApiKey(database, merchantId, {
        name: request.body.name,
        createdBy: staffId,
      });
      await withMerchant(database, merchantId, (tx) =>
        recordAudit(tx, merchantId, {
          actor,
          action: "apikey.create",
          targetType: "api_key",
          targetId: created.apiKey.id,
          ip: request.ip,
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/api/v1/api-keys/:id",
    {
      config,
      schema: { tags, summary: "Revoke an API key", params: IdParamsSchema, response: { 200: ApiKeySchema } },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const key = await revokeApiKey(database, merchantId, request.params.id);
      await withMerchant(database, merchantId, (tx) =>
        recordAudit(tx, merchantId, {
          actor,
          action: "apikey.revoke",
          targetType: "api_key",
          targetId: key.id,
          ip: request.ip,
        }),
      );
      return key;
    },
  );
}
