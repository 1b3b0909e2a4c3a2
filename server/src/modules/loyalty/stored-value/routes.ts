import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf, IdParamsSchema, memberOf } from "../../../http/request-context.js";
import { registerRuleListRoutes } from "../../../http/rule-list-routes.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { requestHash } from "../../../lib/request-hash.js";
import { recordAudit } from "../../audit/record-audit.js";
import { requireLiveCustomerId } from "../../customers/create-customer.js";
import { registerEntryRoutes } from "../ledger/entry-routes.js";
import { LedgerResultSchema } from "../ledger/schemas.js";
import { createBonusRule, deleteBonusRule, listBonusRules, updateBonusRule } from "./bonus-rules.js";
import { listTopUps } from "./list-topups.js";
import { payWithStoredValue, refundStoredValuePayment } from "./pay.js";
import {
  BonusRuleInputSchema,
  BonusRuleSchema,
  PayInputSchema,
  PaymentRefundSchema,
  StoredValueBalanceSchema,
  TopUpInputSchema,
  TopUpRefundSchema,
  TopUpResultSchema,
  TopUpSchema,
} from "./schemas.js";
import { storedValueBalance } from "./stored-value-balance.js";
import { refundTopUp, topUp } from "./top-up.js";

const tags = ["stored value"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });

export async function storedValueRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database, now } = deps;

  registerRuleListRoutes(app, database, {
    path: "/api/v1/loyalty/topup-bonus-rules",
    tags,
    noun: "topup bonus rule",
    listSummary: "Top-up bonus tiers (充500送50)",
    access: { read: "loyalty:read", manage: "loyalty:manage" },
    itemSchema: BonusRuleSchema,
    inputSchema: BonusRuleInputSchema,
    service: {
      list: listBonusRules,
      create: createBonusRule,
      update: updateBonusRule,
      remove: deleteBonusRule,
    },
  });

  registerEntryRoutes(app, database, {
    wallet: "stored_value",
    segment: "stored-value",
    label: "stored-value",
    tags,
  });

  app.get(
    "/api/v1/customers/:id/stored-value",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "A customer's stored-value balance",
        params: IdParamsSchema,
        response: { 200: StoredValueBalanceSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) =>
        storedValueBalance(
          tx,
          merchantId,
          await requireLiveCustomerId(tx, merchantId, request.params.id),
          now(),
        ),
      );
    },
  );

  app.get(
    "/api/v1/customers/:id/stored-value/topups",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "A customer's top-ups, newest first",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(TopUpSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) =>
        listTopUps(
          tx,
          merchantId,
          await requireLiveCustomerId(tx, merchantId, request.params.id),
          request.query,
        ),
      );
    },
  );

  app.post(
    "/api/v1/customers/:id/stored-value/topups",
    {
      config: { access: "wallet:write" },
      schema: {
        tags,
        summary: "Record a top-up (充值) and its bonus tier (Idempotency-Key header required)",
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: TopUpInputSchema,
        response: { 200: TopUpResultSchema, 201: TopUpResultSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const result = await withMerchant(database, merchantId, async (tx) => {
        const customerId = await requireLiveCustomerId(tx, merchantId, request.params.id);
        const outcome = await topUp(tx, merchantId, {
          ...request.body,
          customerId,
          idempotencyKey,
          requestHash: requestHash({ id: request.params.id, ...request.body }),
          source,
          actor,
          now: now(),
        });
        if (!outcome.replayed && actor.kind === "staff") {
          await recordAudit(tx, merchantId, {
            actor,
            action: "stored_value.topup",
            targetType: "customer",
            targetId: customerId,
            details: { topupId: outcome.topup.id, amount: outcome.topup.amount, bonus: outcome.topup.bonus },
            ip: request.ip,
          });
        }
        return outcome;
      });
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    "/api/v1/stored-value/topups/:id/refund",
    {
      config: { access: "wallet:write" },
      schema: {
        tags,
        summary:
          "Refund a top-up: the unspent principal back, the unspent bonus withdrawn (Idempotency-Key header required)",
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: TopUpRefundSchema,
        response: { 200: TopUpResultSchema },
      },
    },
    async (request) => {
      const { merchantId, actor, source } = contextOf(request);
      idempotencyKeyOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const outcome = await refundTopUp(tx, merchantId, {
          topupId: request.params.id,
          note: request.body.note ?? null,
          source,
          actor,
          now: now(),
        });
        if (!outcome.replayed) {
          await recordAudit(tx, merchantId, {
            actor,
            action: "stored_value.topup_refund",
            targetType: "customer",
            targetId: outcome.topup.customerId,
            details: {
              topupId: outcome.topup.id,
              refundedPrincipal: outcome.topup.refundedPrincipal,
              withdrawnBonus: outcome.topup.withdrawnBonus,
            },
            ip: request.ip,
          });
        }
        return outcome;
      });
    },
  );

  app.post(
    "/api/v1/customers/:id/stored-value/pay",
    {
      config: { access: "wallet:write" },
      schema: {
        tags,
        summary:
          "Pay at checkout from stored value (Idempotency-Key header required); 409 insufficient_balance writes nothing",
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PayInputSchema,
        response: { 200: LedgerResultSchema, 201: LedgerResultSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const result = await withMerchant(database, merchantId, async (tx) =>
        payWithStoredValue(tx, merchantId, {
          ...request.body,
          customerId: await requireLiveCustomerId(tx, merchantId, request.params.id),
          idempotencyKey,
          requestHash: requestHash({ op: "pay", id: request.params.id, ...request.body }),
          source,
          actor,
          now: now(),
        }),
      );
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    "/api/v1/stored-value/payments/:id/refund",
    {
      config: { access: "wallet:write" },
      schema: {
        tags,
        summary:
          "Refund a purchase paid from stored value, in full or in part, into the same lots (Idempotency-Key header required)",
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PaymentRefundSchema,
        response: { 200: LedgerResultSchema, 201: LedgerResultSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const result = await withMerchant(database, merchantId, async (tx) =>
        refundStoredValuePayment(tx, merchantId, {
          entryId: request.params.id,
          amount: request.body.amount,
          note: request.body.note ?? null,
          idempotencyKey,
          source,
          actor,
          now: now(),
        }),
      );
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  app.get(
    "/api/m/:slug/stored-value",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My stored-value balance",
        params: SlugParams,
        response: { 200: StoredValueBalanceSchema },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        storedValueBalance(tx, merchantId, customerId, now()),
      );
    },
  );
}
