import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { auditedWrite } from "../../../http/audited-write.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf, IdParamsSchema, memberOf } from "../../../http/request-context.js";
import { registerRuleListRoutes } from "../../../http/rule-list-routes.js";
import { requestHash } from "../../../lib/request-hash.js";
import { recordAudit } from "../../audit/record-audit.js";
import { requireLiveCustomerId } from "../../customers/create-customer.js";
import { registerEntryRoutes } from "../ledger/entry-routes.js";
import { LedgerResultSchema, WalletBalanceSchema } from "../ledger/schemas.js";
import { walletBalance } from "../ledger/wallet-balance.js";
import { earnPoints } from "./earn-points.js";
import { createEarnRule, deleteEarnRule, listEarnRules, updateEarnRule } from "./earn-rules.js";
import { getLoyaltySettings, updateLoyaltySettings } from "./loyalty-settings.js";
import {
  EarnRuleInputSchema,
  EarnRuleSchema,
  LoyaltySettingsChangeSchema,
  LoyaltySettingsSchema,
  PointsAdjustSchema,
  PointsEarnSchema,
  PointsSpendSchema,
} from "./schemas.js";
import { spendPoints } from "./spend-points.js";

const tags = ["points"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });

export async function pointsRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database, now } = deps;

  registerRuleListRoutes(app, database, {
    path: "/api/v1/loyalty/points-rules",
    tags,
    noun: "points rule",
    listSummary: "Points per purchase: the shop's rule and its category and store rules",
    access: { read: "loyalty:read", manage: "loyalty:manage" },
    itemSchema: EarnRuleSchema,
    inputSchema: EarnRuleInputSchema,
    service: { list: listEarnRules, create: createEarnRule, update: updateEarnRule, remove: deleteEarnRule },
  });

  registerEntryRoutes(app, database, { wallet: "points", segment: "points", label: "points", tags });
  const clock = now;

  app.get(
    "/api/v1/loyalty/settings",
    {
      config: { access: "loyalty:read" },
      schema: { tags, summary: "Points and stored-value settings", response: { 200: LoyaltySettingsSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getLoyaltySettings(tx, merchantId));
    },
  );

  app.patch(
    "/api/v1/loyalty/settings",
    {
      config: { access: "loyalty:manage" },
      schema: {
        tags,
        summary: "Change points and stored-value settings",
        body: LoyaltySettingsChangeSchema,
        response: { 200: LoyaltySettingsSchema },
      },
    },
    (request) =>
      auditedWrite(
        database,
        request,
        { action: "loyalty_settings.update", details: request.body },
        (tx, merchantId) => updateLoyaltySettings(tx, merchantId, request.body),
      ),
  );

  app.get(
    "/api/v1/customers/:id/points",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "A customer's points balance",
        params: IdParamsSchema,
        response: { 200: WalletBalanceSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const customerId = await requireLiveCustomerId(tx, merchantId, request.params.id);
        return walletBalance(tx, merchantId, customerId, "points", clock());
      });
    },
  );

  app.post(
    "/api/v1/customers/:id/points/earn",
    {
      config: { access: "points:adjust" },
      schema: {
        tags,
        summary: "Give a customer points (Idempotency-Key header required)",
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PointsEarnSchema,
        response: { 200: LedgerResultSchema, 201: LedgerResultSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const result = await withMerchant(database, merchantId, async (tx) =>
        earnPoints(tx, merchantId, {
          customerId: await requireLiveCustomerId(tx, merchantId, request.params.id),
          points: request.body.points,
          idempotencyKey,
          requestHash: requestHash({ op: "earn", id: request.params.id, ...request.body }),
          reason: { code: request.body.reason, note: request.body.note ?? null },
          source,
          actor,
          now: clock(),
        }),
      );
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    "/api/v1/customers/:id/points/spend",
    {
      config: { access: "wallet:write" },
      schema: {
        tags,
        summary:
          "Spend a customer's points (Idempotency-Key header required); 409 insufficient_balance writes nothing",
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PointsSpendSchema,
        response: { 200: LedgerResultSchema, 201: LedgerResultSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const result = await withMerchant(database, merchantId, async (tx) =>
        spendPoints(tx, merchantId, {
          customerId: await requireLiveCustomerId(tx, merchantId, request.params.id),
          points: request.body.points,
          idempotencyKey,
          requestHash: requestHash({ op: "spend", id: request.params.id, ...request.body }),
          reason: { code: request.body.reason, note: request.body.note ?? null },
          source,
          sourceRef: request.body.reference ?? null,
          actor,
          now: clock(),
        }),
      );
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    "/api/v1/customers/:id/points/adjust",
    {
      config: { access: "points:adjust" },
      schema: {
        tags,
        summary:
          "Correct a customer's points up or down, with a note (audited; Idempotency-Key header required)",
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PointsAdjustSchema,
        response: { 200: LedgerResultSchema, 201: LedgerResultSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const { points, note } = request.body;
      const result = await withMerchant(database, merchantId, async (tx) => {
        const customerId = await requireLiveCustomerId(tx, merchantId, request.params.id);
        const mutation = {
          customerId,
          points: Math.abs(points),
          idempotencyKey,
          requestHash: requestHash({ op: "adjust", id: request.params.id, ...request.body }),
          reason: { code: "manual_adjust", note },
          source,
          actor,
          now: clock(),
          kind: "adjust" as const,
        };
        const outcome =
          points > 0
            ? await earnPoints(tx, merchantId, mutation)
            : await spendPoints(tx, merchantId, mutation);
        if (!outcome.replayed) {
          await recordAudit(tx, merchantId, {
            actor,
            action: "points.adjust",
            targetType: "customer",
            targetId: customerId,
            details: { points, note, entryId: outcome.entry.id },
            ip: request.ip,
          });
        }
        return outcome;
      });
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  app.get(
    "/api/m/:slug/points",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My points balance and points expiring soon",
        params: SlugParams,
        response: { 200: WalletBalanceSchema },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        walletBalance(tx, merchantId, customerId, "points", clock()),
      );
    },
  );
}
