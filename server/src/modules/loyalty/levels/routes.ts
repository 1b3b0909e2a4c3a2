import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { withMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { recordAudit } from "../../audit/record-audit.js";
import { customerLevelHistory, customerLevelStanding } from "./customer-level.js";
import { listLevels } from "./level-settings.js";
import { levelDistribution, previewLevels } from "./preview-levels.js";
import { saveLevels } from "./save-levels.js";
import {
  CustomerLevelResponseSchema,
  CustomerLevelSchema,
  LevelConfigResponseSchema,
  LevelCountsResponseSchema,
  LevelSaveResponseSchema,
  LevelSetSchema,
  ManualLevelSchema,
} from "./schemas.js";
import { setCustomerLevel } from "./set-customer-level.js";

const tags = ["loyalty: levels"];

export async function levelRoutes(app: App, { database, now }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/loyalty/levels",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "Level settings and the ladder (会员等级), lowest first, with members per level",
        response: { 200: LevelConfigResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) => listLevels(tx, merchantId));
    },
  );

  app.put(
    "/api/v1/loyalty/levels",
    {
      config: { access: "loyalty:manage" },
      schema: {
        tags,
        summary: "Replace the settings and the ladder; everyone is re-placed by a levels.reevaluate job",
        body: LevelSetSchema,
        response: { 200: LevelSaveResponseSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const { reevaluateJobId } = await saveLevels(tx, merchantId, request.body, { actor, now: now() });
        await recordAudit(tx, merchantId, {
          actor,
          action: "levels.update",
          targetType: "levels",
          details: { settings: request.body.settings, levels: request.body.levels.map((l) => l.name) },
          ip: request.ip,
        });
        return { ...(await listLevels(tx, merchantId)), reevaluateJobId };
      });
    },
  );

  app.post(
    "/api/v1/loyalty/levels/preview",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "How many members each level of a proposed ladder would hold (nothing saved)",
        body: LevelSetSchema,
        response: { 200: LevelCountsResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const started = performance.now();
      // A transaction, not the read pool: the whole-shop count sets a transaction-local plan setting.
      const result = await withMerchant(database, merchantId, (tx) =>
        previewLevels(tx, merchantId, request.body, now()),
      );
      return { ...result, tookMs: Math.round((performance.now() - started) * 10) / 10 };
    },
  );

  app.get(
    "/api/v1/loyalty/levels/distribution",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "Members per saved level now (customers not placed yet count on the entry level)",
        response: { 200: LevelCountsResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) => levelDistribution(tx, merchantId));
    },
  );

  app.get(
    "/api/v1/customers/:id/level",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "A customer's level, growth value, next level and level history",
        params: IdParamsSchema,
        response: { 200: CustomerLevelResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) =>
        customerLevelHistory(tx, merchantId, request.params.id, now()),
      );
    },
  );

  app.post(
    "/api/v1/customers/:id/level",
    {
      config: { access: "loyalty:manage" },
      schema: {
        tags,
        summary: "Put a customer on a level by hand (reason manual; held through the protection period)",
        params: IdParamsSchema,
        body: ManualLevelSchema,
        response: { 200: CustomerLevelResponseSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const customerId = request.params.id;
      return withMerchant(database, merchantId, async (tx) => {
        const at = now();
        const change = await setCustomerLevel(tx, merchantId, customerId, request.body, { actor, now: at });
        if (change) {
          await recordAudit(tx, merchantId, {
            actor,
            action: "customer.level_set",
            targetType: "customer",
            targetId: customerId,
            details: { levelId: request.body.levelId, note: request.body.note ?? null },
            ip: request.ip,
          });
        }
        return customerLevelHistory(tx, merchantId, customerId, at);
      });
    },
  );

  app.get(
    "/api/m/:slug/level",
    {
      config: { access: "member" },
      schema: {
        tags: ["member page"],
        summary: "My level, growth value, what is missing to the next level, and my benefits",
        params: z.object({ slug: z.string().min(1).max(40) }),
        response: { 200: CustomerLevelSchema },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return withMerchant(database, merchantId, (tx) =>
        customerLevelStanding(tx, merchantId, customerId, now()),
      );
    },
  );
}

function memberOf(request: FastifyRequest) {
  const p = request.principal;
  if (p?.kind !== "member") throw new AppError("unauthenticated", "Sign in with your phone");
  return p;
}
