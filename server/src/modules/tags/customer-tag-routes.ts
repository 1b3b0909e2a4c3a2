import { z } from "zod";
import { withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { recordAudit } from "../audit/record-audit.js";
import { listCustomerTagHistory, listCustomerTags } from "./customer-tags.js";
import {
  CustomerTagBodySchema,
  CustomerTagSchema,
  TagCustomersBodySchema,
  TagHistoryEntrySchema,
  TagParamsSchema,
  TagPhonesBodySchema,
} from "./schemas.js";
import { addTagToCustomers, removeTagFromCustomers, tagCustomersByPhones } from "./tag-customers.js";

const tags = ["tags"];

/** Manual tagging (one customer, a list, a CSV of phones) and reading a customer's tags. */
export async function tagCustomerRoutes(app: App, { database, now }: AppDeps): Promise<void> {
  app.post(
    "/api/v1/tags/:id/customers",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Add a manual tag to customers (all must exist, or nothing is written)",
        params: IdParamsSchema,
        body: TagCustomersBodySchema,
        response: { 200: z.object({ added: z.number().int(), alreadyTagged: z.number().int() }) },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const { customerIds, reason } = request.body;
      return withMerchant(database, merchantId, async (tx) => {
        const result = await addTagToCustomers(tx, merchantId, request.params.id, customerIds, {
          actor,
          reason,
          at: now(),
        });
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.assign",
          targetType: "tag",
          targetId: request.params.id,
          details: { customers: customerIds.length, added: result.added },
          ip: request.ip,
        });
        return result;
      });
    },
  );

  app.post(
    "/api/v1/tags/:id/customers/remove",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Remove a manual tag from customers",
        params: IdParamsSchema,
        body: TagCustomersBodySchema,
        response: { 200: z.object({ removed: z.number().int(), notTagged: z.number().int() }) },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const { customerIds, reason } = request.body;
      return withMerchant(database, merchantId, async (tx) => {
        const result = await removeTagFromCustomers(tx, merchantId, request.params.id, customerIds, {
          actor,
          reason,
          at: now(),
        });
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.unassign",
          targetType: "tag",
          targetId: request.params.id,
          details: { customers: customerIds.length, removed: result.removed },
          ip: request.ip,
        });
        return result;
      });
    },
  );

  app.post(
    "/api/v1/tags/:id/customers/phones",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Add a manual tag to the customers a CSV of phones lists; unknown phones are reported",
        params: IdParamsSchema,
        body: TagPhonesBodySchema,
        response: {
          200: z.object({
            matched: z.number().int(),
            added: z.number().int(),
            alreadyTagged: z.number().int(),
            notFound: z.array(z.string()),
            invalid: z.array(z.string()),
          }),
        },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const { csv, reason } = request.body;
      return withMerchant(database, merchantId, async (tx) => {
        const result = await tagCustomersByPhones(tx, merchantId, request.params.id, csv, {
          actor,
          reason,
          at: now(),
        });
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.assign",
          targetType: "tag",
          targetId: request.params.id,
          details: { phones: result.matched + result.notFound.length, added: result.added },
          ip: request.ip,
        });
        return result;
      });
    },
  );

  app.get(
    "/api/v1/customers/:id/tags",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "A customer's tags with why each is there",
        params: IdParamsSchema,
        response: { 200: z.object({ data: z.array(CustomerTagSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return {
        data: await withMerchant(database, merchantId, (tx) =>
          listCustomerTags(tx, merchantId, request.params.id),
        ),
      };
    },
  );

  app.post(
    "/api/v1/customers/:id/tags",
    {
      config: { access: "customers:write" },
      schema: {
        tags,
        summary: "Add a manual tag to one customer",
        params: IdParamsSchema,
        body: CustomerTagBodySchema,
        response: { 200: z.object({ data: z.array(CustomerTagSchema) }) },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const { tagId, reason } = request.body;
      return withMerchant(database, merchantId, async (tx) => {
        await addTagToCustomers(tx, merchantId, tagId, [request.params.id], { actor, reason, at: now() });
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.assign",
          targetType: "customer",
          targetId: request.params.id,
          details: { tagId },
          ip: request.ip,
        });
        return { data: await listCustomerTags(tx, merchantId, request.params.id) };
      });
    },
  );

  app.delete(
    "/api/v1/customers/:id/tags/:tagId",
    {
      config: { access: "customers:write" },
      schema: { tags, summary: "Remove a manual tag from one customer", params: TagParamsSchema },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const { id, tagId } = request.params;
      await withMerchant(database, merchantId, async (tx) => {
        await removeTagFromCustomers(tx, merchantId, tagId, [id], { actor, at: now() });
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.unassign",
          targetType: "customer",
          targetId: id,
          details: { tagId },
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/customers/:id/tag-history",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Every add and remove of a tag on the customer, newest first",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(TagHistoryEntrySchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) =>
        listCustomerTagHistory(tx, merchantId, request.params.id, request.query),
      );
    },
  );
}
