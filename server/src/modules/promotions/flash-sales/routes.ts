import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { auditedWrite } from "../../../http/audited-write.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { getStaffPurchase, listPurchases } from "./find-purchases.js";
import {
  createFlashSale,
  deleteFlashSale,
  flashSaleOf,
  getFlashSaleRow,
  listFlashSales,
  updateFlashSale,
} from "./flash-sales.js";
import {
  type FlashSale,
  FlashSaleChangeSchema,
  FlashSaleInputSchema,
  FlashSaleListSchema,
  FlashSaleSchema,
  PurchaseListQuerySchema,
  StaffPurchaseSchema,
} from "./schemas.js";
import { type SettleAction, settlePurchase } from "./settle-purchase.js";

const tags = ["flash sales"];

export async function flashSaleRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/flash-sales",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Flash sales, newest start first, with live stock (sold, held, left)",
        response: { 200: FlashSaleListSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const now = deps.now();
      return {
        now,
        data: await readAsMerchant(database, merchantId, (tx) => listFlashSales(tx, merchantId, now)),
      };
    },
  );

  app.post(
    "/api/v1/flash-sales",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Set up a flash sale",
        description:
          "Prices in 分 (price ≤ originalPrice); the window is [startsAt, endsAt); paymentMinutes is how long a purchase holds its units; audience null = every member, or as on coupon templates: {kind: segment | layer, id} or {kind: levels, ids} (a customer never placed is at the entry level).",
        body: FlashSaleInputSchema,
        response: { 201: FlashSaleSchema },
      },
    },
    async (request, reply) => {
      const sale = await auditedWrite<FlashSale>(
        database,
        request,
        {
          action: "flash_sale.create",
          targetType: "flash_sale",
          targetId: (s) => s.id,
          details: { ...request.body },
        },
        (tx, merchantId) => createFlashSale(tx, merchantId, request.body, deps.now()),
      );
      return reply.status(201).send(sale);
    },
  );

  app.get(
    "/api/v1/flash-sales/purchases",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Flash sale purchases, newest first (by sale, status, code or phone)",
        querystring: PurchaseListQuerySchema.extend(PageQuerySchema.shape),
        response: { 200: pageOf(StaffPurchaseSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filter } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listPurchases(tx, merchantId, filter, { limit, cursor }),
      );
    },
  );

  app.get(
    "/api/v1/flash-sales/purchases/:id",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "A flash sale purchase",
        params: IdParamsSchema,
        response: { 200: StaffPurchaseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        getStaffPurchase(tx, merchantId, request.params.id),
      );
    },
  );

  for (const action of ["confirm", "cancel"] as const satisfies readonly SettleAction[]) {
    app.post(
      `/api/v1/flash-sales/purchases/:id/${action}`,
      {
        config: { access: "checkout:write" },
        schema: {
          tags,
          summary:
            action === "confirm"
              ? "Confirm a held purchase as paid (held → sold)"
              : "Cancel a held purchase: its units go back to stock",
          description:
            "Needs an Idempotency-Key header: the same key answers with the settled purchase again (200). Settling an already settled purchase under another key is 409 already_done; confirming a released one, cancelling a confirmed one or confirming after the payment window (details.reason hold_expired) is 409 conflict.",
          params: IdParamsSchema,
          headers: IdempotencyHeadersSchema,
          response: { 200: StaffPurchaseSchema },
        },
      },
      async (request) => {
        const { merchantId, actor, source } = contextOf(request);
        const idempotencyKey = idempotencyKeyOf(request);
        return withMerchant(database, merchantId, async (tx) => {
          await settlePurchase(
            tx,
            merchantId,
            { purchaseId: request.params.id, action, idempotencyKey },
            { actor, source, now: deps.now(), ip: request.ip },
          );
          return getStaffPurchase(tx, merchantId, request.params.id);
        });
      },
    );
  }

  app.get(
    "/api/v1/flash-sales/:id",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "A flash sale with live stock",
        params: IdParamsSchema,
        response: { 200: FlashSaleSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const row = await readAsMerchant(database, merchantId, (tx) =>
        getFlashSaleRow(tx, merchantId, request.params.id),
      );
      return flashSaleOf(row, deps.now());
    },
  );

  app.patch(
    "/api/v1/flash-sales/:id",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Change a flash sale (stock never below units sold and held; pause with status paused)",
        params: IdParamsSchema,
        body: FlashSaleChangeSchema,
        response: { 200: FlashSaleSchema },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        {
          action: "flash_sale.update",
          targetType: "flash_sale",
          targetId: request.params.id,
          details: { ...request.body },
        },
        (tx, merchantId) => updateFlashSale(tx, merchantId, request.params.id, request.body, deps.now()),
      ),
  );

  app.delete(
    "/api/v1/flash-sales/:id",
    {
      config: { access: "promotions:manage" },
      schema: { tags, summary: "Delete a flash sale nobody bought from", params: IdParamsSchema },
    },
    async (request, reply) => {
      await auditedWrite(
        database,
        request,
        { action: "flash_sale.delete", targetType: "flash_sale", targetId: request.params.id },
        (tx, merchantId) => deleteFlashSale(tx, merchantId, request.params.id),
      );
      return reply.status(204).send();
    },
  );
}
