import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { recordAudit } from "../../audit/record-audit.js";
import { cancelExchange } from "./cancel-exchange.js";
import { exchangeItem } from "./exchange-item.js";
import { findExchangeByCode, getExchangeRow, listExchanges, staffExchangeOf } from "./find-exchanges.js";
import { createMallItem, deleteMallItem, getMallItem, listMallItems, updateMallItem } from "./mall-items.js";
import {
  AdminMallItemSchema,
  CancelRequestSchema,
  CodeParamsSchema,
  ExchangeListQuerySchema,
  MallItemChangeSchema,
  MallItemInputSchema,
  MallItemSchema,
  StaffExchangeRequestSchema,
  StaffExchangeSchema,
  VerifyRequestSchema,
} from "./schemas.js";
import { verifyExchange } from "./verify-exchange.js";

const tags = ["points mall"];

export async function mallRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/mall/items",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "Points mall items, in display order, with units exchanged",
        response: { 200: z.object({ data: z.array(AdminMallItemSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listMallItems(tx, merchantId)) };
    },
  );

  app.post(
    "/api/v1/mall/items",
    {
      config: { access: "loyalty:manage" },
      schema: {
        tags,
        summary: "Add a mall item",
        description:
          "kind physical | service | coupon (couponSpec kept for the promotions issue). cashPrice (分) is owed at pickup; stock null = unlimited.",
        body: MallItemInputSchema,
        response: { 201: MallItemSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const item = await withMerchant(database, merchantId, async (tx) => {
        const created = await createMallItem(tx, merchantId, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "mall.item_create",
          targetType: "mall_item",
          targetId: created.id,
          details: { name: created.name, pointsPrice: created.pointsPrice, stock: created.stock },
          ip: request.ip,
        });
        return created;
      });
      return reply.status(201).send(item);
    },
  );

  app.get(
    "/api/v1/mall/items/:id",
    {
      config: { access: "loyalty:read" },
      schema: { tags, summary: "A mall item", params: IdParamsSchema, response: { 200: MallItemSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getMallItem(tx, merchantId, request.params.id));
    },
  );

  app.patch(
    "/api/v1/mall/items/:id",
    {
      config: { access: "loyalty:manage" },
      schema: {
        tags,
        summary: "Change a mall item (stock, price, window, on/off …)",
        params: IdParamsSchema,
        body: MallItemChangeSchema,
        response: { 200: MallItemSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const item = await updateMallItem(tx, merchantId, request.params.id, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "mall.item_update",
          targetType: "mall_item",
          targetId: item.id,
          details: { changes: request.body },
          ip: request.ip,
        });
        return item;
      });
    },
  );

  app.delete(
    "/api/v1/mall/items/:id",
    {
      config: { access: "loyalty:manage" },
      schema: { tags, summary: "Delete a never-exchanged mall item", params: IdParamsSchema },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      await withMerchant(database, merchantId, async (tx) => {
        await deleteMallItem(tx, merchantId, request.params.id);
        await recordAudit(tx, merchantId, {
          actor,
          action: "mall.item_delete",
          targetType: "mall_item",
          targetId: request.params.id,
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/mall/exchanges",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "Exchange orders, newest first",
        querystring: ExchangeListQuerySchema.extend(PageQuerySchema.shape),
        response: { 200: pageOf(StaffExchangeSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filter } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listExchanges(tx, merchantId, filter, { limit, cursor }),
      );
    },
  );

  app.post(
    "/api/v1/mall/exchanges",
    {
      config: { access: "wallet:write" },
      schema: {
        tags,
        summary: "Exchange points for an item on behalf of a member",
        description:
          "Needs an Idempotency-Key header: the same key for the same member returns the first exchange (200); another item or quantity under it is 409 idempotency_conflict.",
        headers: IdempotencyHeadersSchema,
        body: StaffExchangeRequestSchema,
        response: { 200: StaffExchangeSchema, 201: StaffExchangeSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const { exchange, created } = await exchangeItem(
        database,
        merchantId,
        { ...request.body, idempotencyKey },
        { actor, source, now: deps.now() },
      );
      const view = await readAsMerchant(database, merchantId, async (tx) =>
        staffExchangeOf(tx, merchantId, await getExchangeRow(tx, merchantId, exchange.id)),
      );
      return reply.status(created ? 201 : 200).send(view);
    },
  );

  app.get(
    "/api/v1/mall/exchanges/:id",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: "An exchange order",
        params: IdParamsSchema,
        response: { 200: StaffExchangeSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, async (tx) =>
        staffExchangeOf(tx, merchantId, await getExchangeRow(tx, merchantId, request.params.id)),
      );
    },
  );

  app.post(
    "/api/v1/mall/exchanges/:id/cancel",
    {
      config: { access: "wallet:write" },
      schema: {
        tags,
        summary: "Cancel an exchange awaiting pickup: points and stock go back",
        params: IdParamsSchema,
        body: CancelRequestSchema,
        response: { 200: StaffExchangeSchema },
      },
    },
    async (request) => {
      const { merchantId, actor, source } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const row = await cancelExchange(
          tx,
          merchantId,
          { exchangeId: request.params.id, reason: request.body?.reason ?? null },
          { actor, source, now: deps.now(), ip: request.ip },
        );
        return staffExchangeOf(tx, merchantId, row);
      });
    },
  );

  app.get(
    "/api/v1/mall/pickups/:code",
    {
      config: { access: "mall:verify" },
      schema: {
        tags,
        summary: "Look up a pickup code: what to hand over, to whom, and whether it still can be",
        params: CodeParamsSchema,
        response: { 200: StaffExchangeSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, async (tx) =>
        staffExchangeOf(tx, merchantId, await findExchangeByCode(tx, merchantId, request.params.code)),
      );
    },
  );

  app.post(
    "/api/v1/mall/pickups/:code/verify",
    {
      config: { access: "mall:verify" },
      schema: {
        tags,
        summary: "Hand over an exchange (核销) at a store",
        description:
          "Succeeds once; a second verification is 409 already_done, a cancelled or expired exchange 409 conflict.",
        params: CodeParamsSchema,
        body: VerifyRequestSchema,
        response: { 200: StaffExchangeSchema },
      },
    },
    async (request) => {
      const { merchantId, actor, source } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const row = await verifyExchange(
          tx,
          merchantId,
          { code: request.params.code, storeId: request.body?.storeId },
          { actor, source, now: deps.now(), ip: request.ip },
        );
        return staffExchangeOf(tx, merchantId, row);
      });
    },
  );
}
