import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { memberOf } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { cancelExchange } from "./cancel-exchange.js";
import { exchangeItem } from "./exchange-item.js";
import { exchangeOf, listMemberExchanges } from "./find-exchanges.js";
import { memberMall } from "./member-mall.js";
import { CancelRequestSchema, ExchangeRequestSchema, ExchangeSchema, MemberMallSchema } from "./schemas.js";

const tags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });

export async function memberMallRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/m/:slug/mall",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "The points mall: items on offer, what I may still exchange, my points",
        params: SlugParams,
        response: { 200: MemberMallSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return readAsMerchant(database, member.merchantId, (tx) =>
        memberMall(tx, member.merchantId, member.customerId, deps.now()),
      );
    },
  );

  app.post(
    "/api/m/:slug/mall/:itemId/exchange",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Exchange my points for an item (Idempotency-Key header required)",
        params: SlugParams.extend({ itemId: z.string().uuid() }),
        headers: IdempotencyHeadersSchema,
        body: ExchangeRequestSchema.optional(),
        response: { 200: ExchangeSchema, 201: ExchangeSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const { exchange, created } = await exchangeItem(
        database,
        member.merchantId,
        {
          customerId: member.customerId,
          itemId: request.params.itemId,
          quantity: request.body?.quantity ?? 1,
          idempotencyKey,
        },
        { actor: member, source: "member", now: deps.now() },
      );
      return reply.status(created ? 201 : 200).send(exchange);
    },
  );

  app.get(
    "/api/m/:slug/mall/exchanges",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My exchanges with their pickup codes, newest first",
        params: SlugParams,
        querystring: PageQuerySchema,
        response: { 200: pageOf(ExchangeSchema) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return readAsMerchant(database, member.merchantId, (tx) =>
        listMemberExchanges(tx, member.merchantId, member.customerId, request.query),
      );
    },
  );

  app.post(
    "/api/m/:slug/mall/exchanges/:id/cancel",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Cancel my exchange before pickup: my points come back",
        params: SlugParams.extend({ id: z.string().uuid() }),
        body: CancelRequestSchema,
        response: { 200: ExchangeSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const row = await withMerchant(database, member.merchantId, (tx) =>
        cancelExchange(
          tx,
          member.merchantId,
          {
            exchangeId: request.params.id,
            customerId: member.customerId,
            reason: request.body?.reason ?? null,
          },
          { actor: member, source: "member", now: deps.now() },
        ),
      );
      return exchangeOf(row);
    },
  );
}
