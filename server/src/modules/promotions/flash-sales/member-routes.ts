import { z } from "zod";
import { readAsMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { memberOf } from "../../../http/request-context.js";
import { PageQuerySchema } from "../../../lib/pagination.js";
import { buyFlashSale } from "./buy-flash-sale.js";
import { listMemberPurchases } from "./find-purchases.js";
import { getMemberFlashSale, listMemberFlashSales } from "./member-flash-sales.js";
import {
  BuyRequestSchema,
  MemberFlashSaleListSchema,
  MemberFlashSaleSchema,
  MemberPurchaseListSchema,
  PurchaseSchema,
} from "./schemas.js";

const tags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });
const SaleParams = SlugParams.extend({ id: z.string().uuid() });

export async function memberFlashSaleRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/m/:slug/flash-sales",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Flash sales for me: upcoming and running, with stock left and what I may still buy",
        params: SlugParams,
        response: { 200: MemberFlashSaleListSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const now = deps.now();
      const data = await readAsMerchant(database, member.merchantId, (tx) =>
        listMemberFlashSales(tx, member.merchantId, member.customerId, now),
      );
      return { now, data };
    },
  );

  app.get(
    "/api/m/:slug/flash-sales/purchases",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary:
          "My flash sale purchases with their codes, newest first (now: the server clock for the time left to pay)",
        params: SlugParams,
        querystring: PageQuerySchema,
        response: { 200: MemberPurchaseListSchema.extend({ nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const page = await readAsMerchant(database, member.merchantId, (tx) =>
        listMemberPurchases(tx, member.merchantId, member.customerId, request.query),
      );
      return { now: deps.now(), ...page };
    },
  );

  app.get(
    "/api/m/:slug/flash-sales/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "One flash sale with its countdown and stock",
        params: SaleParams,
        response: { 200: MemberFlashSaleSchema.extend({ now: z.date() }) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const now = deps.now();
      const sale = await readAsMerchant(database, member.merchantId, (tx) =>
        getMemberFlashSale(tx, member.merchantId, member.customerId, request.params.id, now),
      );
      return { ...sale, now };
    },
  );

  app.post(
    "/api/m/:slug/flash-sales/:id/buy",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary:
          "Buy in a flash sale: holds the units for the payment window (Idempotency-Key header required)",
        description:
          "201 with the purchase (status held, holdUntil, 12-digit code); the same key again 200 with it. 409 sold_out (fast, details.left), 409 limit_reached (details.remaining), 422 unprocessable with details.reason not_started, ended, paused or not_in_audience.",
        params: SaleParams,
        headers: IdempotencyHeadersSchema,
        body: BuyRequestSchema.optional(),
        response: { 200: PurchaseSchema, 201: PurchaseSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const { purchase, created } = await buyFlashSale(
        database,
        member.merchantId,
        {
          customerId: member.customerId,
          saleId: request.params.id,
          quantity: request.body?.quantity ?? 1,
          idempotencyKey,
        },
        { actor: member, source: "member", now: deps.now() },
      );
      return reply.status(created ? 201 : 200).send(purchase);
    },
  );
}
