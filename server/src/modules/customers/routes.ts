import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { recordAudit } from "../audit/record-audit.js";
import { listCustomerEvents } from "../events/list-events.js";
import { listOrders } from "../orders/find-orders.js";
import { OrderSchema } from "../orders/schemas.js";
import { createCustomer } from "./create-customer.js";
import { getCustomer, getCustomerDetail, listCustomers } from "./find-customers.js";
import { claimIdentityOrFail, releaseIdentity } from "./identities.js";
import { mergeCustomers } from "./merge-customers.js";
import {
  CustomerDetailSchema,
  CustomerFieldsSchema,
  CustomerListItemSchema,
  CustomerSchema,
  CustomerSearchSchema,
  extraIdentityKinds,
  IdentityInputSchema,
} from "./schemas.js";
import { updateCustomer } from "./update-customer.js";

const tags = ["customers"];
const EventSchema = z.object({
  id: z.number(),
  customerId: z.string().nullable(),
  type: z.string(),
  properties: z.record(z.string(), z.unknown()),
  occurredAt: z.date(),
  source: z.string(),
});

export async function customerRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/customers",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "List and search customers",
        querystring: CustomerSearchSchema.extend(PageQuerySchema.shape),
        response: { 200: pageOf(CustomerListItemSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...search } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listCustomers(tx, merchantId, search, { limit, cursor }),
      );
    },
  );

  app.post(
    "/api/v1/customers",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Create a customer",
        body: CustomerFieldsSchema,
        response: { 201: CustomerSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const customer = await withMerchant(database, merchantId, async (tx) => {
        const created = await createCustomer(tx, merchantId, request.body, { source, joinedAt: new Date() });
        await recordAudit(tx, merchantId, {
          actor,
          action: "customer.create",
          targetType: "customer",
          targetId: created.id,
          ip: request.ip,
        });
        return created;
      });
      return reply.status(201).send(customer);
    },
  );

  app.get(
    "/api/v1/customers/:id",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "A customer with identities, an order summary, purchase metrics and RFM",
        params: IdParamsSchema,
        response: { 200: CustomerDetailSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        getCustomerDetail(tx, merchantId, request.params.id),
      );
    },
  );

  app.patch(
    "/api/v1/customers/:id",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Update a customer's profile",
        params: IdParamsSchema,
        body: CustomerFieldsSchema,
        response: { 200: CustomerSchema },
      },
    },
    async (request) => {
      const { merchantId, actor, source } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const { customer, changed } = await updateCustomer(
          tx,
          merchantId,
          request.params.id,
          request.body,
          source,
        );
        if (changed.length > 0) {
          await recordAudit(tx, merchantId, {
            actor,
            action: "customer.update",
            targetType: "customer",
            targetId: customer.id,
            details: { fields: changed },
            ip: request.ip,
          });
        }
        return customer;
      });
    },
  );

  app.post(
    "/api/v1/customers/:id/merge",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Merge a duplicate into this customer (orders, events and identities move over)",
        params: IdParamsSchema,
        body: z.strictObject({ duplicateId: z.string().uuid() }),
        response: { 200: CustomerSchema },
      },
    },
    async (request) => {
      const { merchantId, actor, source } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const kept = await mergeCustomers(
          tx,
          merchantId,
          request.params.id,
          request.body.duplicateId,
          source,
        );
        await recordAudit(tx, merchantId, {
          actor,
          action: "customer.merge",
          targetType: "customer",
          targetId: kept.id,
          details: { duplicateId: request.body.duplicateId },
          ip: request.ip,
        });
        return kept;
      });
    },
  );

  app.get(
    "/api/v1/customers/:id/orders",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "A customer's orders, newest first",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(OrderSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, request.params.id);
        return listOrders(tx, merchantId, { customerId: customer.id }, request.query);
      });
    },
  );

  app.get(
    "/api/v1/customers/:id/events",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "A customer's event timeline, newest first",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(EventSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, request.params.id);
        return listCustomerEvents(tx, merchantId, customer.id, request.query);
      });
    },
  );

  app.post(
    "/api/v1/customers/:id/identities",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Attach a WeChat openid/unionid or an email to a customer (unique within the shop)",
        params: IdParamsSchema,
        body: IdentityInputSchema,
        response: { 201: CustomerDetailSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const detail = await withMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, request.params.id);
        await claimIdentityOrFail(tx, merchantId, customer.id, request.body.kind, request.body.value);
        await recordAudit(tx, merchantId, {
          actor,
          action: "customer.identity_add",
          targetType: "customer",
          targetId: customer.id,
          details: { kind: request.body.kind },
          ip: request.ip,
        });
        return getCustomerDetail(tx, merchantId, customer.id);
      });
      return reply.status(201).send(detail);
    },
  );

  app.delete(
    "/api/v1/customers/:id/identities/:kind/:value",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Detach a WeChat id or email from a customer",
        params: IdParamsSchema.extend({
          kind: z.enum(extraIdentityKinds),
          value: z.string().min(1).max(200),
        }),
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const { kind, value } = request.params;
      await withMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, request.params.id);
        const removed = await releaseIdentity(tx, merchantId, customer.id, kind, value);
        if (!removed) throw notFound("Identity");
        await recordAudit(tx, merchantId, {
          actor,
          action: "customer.identity_remove",
          targetType: "customer",
          targetId: customer.id,
          details: { kind },
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );
}
