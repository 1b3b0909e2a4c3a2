import { z } from "zod";
import { readAsMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { listAuditLog } from "./list-audit.js";

const AuditEntrySchema = z.object({
  id: z.number(),
  actorType: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: z.date(),
});

export async function auditRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/audit",
    {
      config: { access: "audit:read" },
      schema: {
        tags: ["audit"],
        summary: "Staff and API-key actions that changed data, newest first",
        querystring: PageQuerySchema,
        response: { 200: pageOf(AuditEntrySchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => listAuditLog(tx, merchantId, request.query));
    },
  );
}
