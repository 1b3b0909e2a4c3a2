import { z } from "zod";
import { readAsMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { createOrder } from "./create-order.js";
import { getOrder, listOrders } from "./find-orders.js";
import { listProducts } from "./products.js";
import { refundOrder } from "./refund-order.js";
import { CreateOrderSchema, OrderListQuerySchema, OrderSchema, RefundInputSchema } from "./schemas.js";

const tags = ["orders"];
const ProductSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  lastUnitPrice: z.number().int().nullable(),
});

export async function orderRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/orders",
    {
      config: { access: "orders:read" },
      schema: {
        tags,
        summary: "List orders, newest first",
        querystring: OrderListQuerySchema.extend(PageQuerySchema.shape),
        response: { 200: pageOf(OrderSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filters } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listOrders(tx, merchantId, filters, { limit, cursor }),
      );
    },
  );

  app.post(
    "/api/v1/orders",
    {
      config: { access: "orders:write" },
      schema: {
        tags,
        summary: "Record an order (idempotent on externalId)",
        description:
          "The same externalId with the same body returns the existing order with 200; with a different body, 409 idempotency_conflict.",
        body: CreateOrderSchema,
        response: { 200: OrderSchema, 201: OrderSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const { order, created } = await createOrder(database, merchantId, request.body, { actor, source });
      return reply.status(created ? 201 : 200).send(order);
    },
  );

  app.get(
    "/api/v1/orders/:id",
    {
      config: { access: "orders:read" },
      schema: {
        tags,
        summary: "An order with items and refunds",
        params: IdParamsSchema,
        response: { 200: OrderSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getOrder(tx, merchantId, request.params.id));
    },
  );

  app.post(
    "/api/v1/orders/:id/refunds",
    {
      config: { access: "orders:refund" },
      schema: {
        tags,
        summary: "Refund lines, an amount, or the whole order",
        description:
          "lines: [{lineNo, quantity}] refunds units of lines; amount refunds a sum; neither refunds everything left. An externalId makes it idempotent.",
        params: IdParamsSchema,
        body: RefundInputSchema,
        response: { 200: OrderSchema, 201: OrderSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const { order, created } = await refundOrder(database, merchantId, request.params.id, request.body, {
        actor,
        source,
      });
      return reply.status(created ? 201 : 200).send(order);
    },
  );

  app.get(
    "/api/v1/products",
    {
      config: { access: "orders:read" },
      schema: {
        tags,
        summary: "Products (SKUs) seen in orders",
        querystring: z
          .object({ q: z.string().trim().max(100).optional(), category: z.string().max(100).optional() })
          .extend(PageQuerySchema.shape),
        response: { 200: pageOf(ProductSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filter } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listProducts(tx, merchantId, filter, { limit, cursor }),
      );
    },
  );
}
