import { z } from "zod";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { recordAudit } from "../audit/record-audit.js";
import { tagCustomerRoutes } from "./customer-tag-routes.js";
import { listTagHolders } from "./customer-tags.js";
import {
  TagCreateSchema,
  TagGroupInputSchema,
  TagGroupSchema,
  TagGroupUpdateSchema,
  TagHolderSchema,
  TagListQuerySchema,
  TagSchema,
  TagUpdateSchema,
  TagWriteResponseSchema,
} from "./schemas.js";
import { createTag, deleteTag, getTag, listTags, updateTag } from "./tag-definitions.js";
import { createTagGroup, deleteTagGroup, listTagGroups, updateTagGroup } from "./tag-groups.js";
import { tagsReevaluateJobName } from "./tag-jobs.js";

const tags = ["tags"];

const enqueueEvaluation = (tx: Tx, merchantId: string, tagId: string) =>
  enqueueJob(tx, { name: tagsReevaluateJobName, merchantId, payload: { tagId } });

export async function tagRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database, now } = deps;

  app.get(
    "/api/v1/tags/groups",
    {
      config: { access: "customers:read" },
      schema: { tags, summary: "Tag groups", response: { 200: z.object({ data: z.array(TagGroupSchema) }) } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await withMerchant(database, merchantId, (tx) => listTagGroups(tx, merchantId)) };
    },
  );

  app.post(
    "/api/v1/tags/groups",
    {
      config: { access: "tags:manage" },
      schema: {
        tags,
        summary: "Create a tag group",
        body: TagGroupInputSchema,
        response: { 201: TagGroupSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const group = await withMerchant(database, merchantId, async (tx) => {
        const created = await createTagGroup(tx, merchantId, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag_group.create",
          targetType: "tag_group",
          targetId: created.id,
          ip: request.ip,
        });
        return created;
      });
      return reply.status(201).send(group);
    },
  );

  app.patch(
    "/api/v1/tags/groups/:id",
    {
      config: { access: "tags:manage" },
      schema: {
        tags,
        summary: "Rename or reorder a tag group",
        params: IdParamsSchema,
        body: TagGroupUpdateSchema,
        response: { 200: TagGroupSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const group = await updateTagGroup(tx, merchantId, request.params.id, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag_group.update",
          targetType: "tag_group",
          targetId: group.id,
          ip: request.ip,
        });
        return group;
      });
    },
  );

  app.delete(
    "/api/v1/tags/groups/:id",
    {
      config: { access: "tags:manage" },
      schema: { tags, summary: "Delete an empty tag group", params: IdParamsSchema },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      await withMerchant(database, merchantId, async (tx) => {
        await deleteTagGroup(tx, merchantId, request.params.id);
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag_group.delete",
          targetType: "tag_group",
          targetId: request.params.id,
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/tags",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Tags with how many customers hold each",
        querystring: TagListQuerySchema,
        response: { 200: z.object({ data: z.array(TagSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return {
        data: await withMerchant(database, merchantId, (tx) => listTags(tx, merchantId, request.query)),
      };
    },
  );

  app.post(
    "/api/v1/tags",
    {
      config: { access: "tags:manage" },
      schema: {
        tags,
        summary: "Create a manual tag, or a rule tag (applied by a tags.reevaluate job)",
        body: TagCreateSchema,
        response: { 201: TagWriteResponseSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const tag = await withMerchant(database, merchantId, async (tx) => {
        const created = await createTag(tx, merchantId, request.body);
        const evaluationJobId =
          created.kind === "rule" ? await enqueueEvaluation(tx, merchantId, created.id) : null;
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.create",
          targetType: "tag",
          targetId: created.id,
          ip: request.ip,
        });
        return { ...created, evaluationJobId };
      });
      return reply.status(201).send(tag);
    },
  );

  app.get(
    "/api/v1/tags/:id",
    {
      config: { access: "customers:read" },
      schema: { tags, summary: "A tag", params: IdParamsSchema, response: { 200: TagSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) => getTag(tx, merchantId, request.params.id));
    },
  );

  app.patch(
    "/api/v1/tags/:id",
    {
      config: { access: "tags:manage" },
      schema: {
        tags,
        summary: "Change a tag; a new rule is re-applied by a tags.reevaluate job",
        params: IdParamsSchema,
        body: TagUpdateSchema,
        response: { 200: TagWriteResponseSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const { tag, ruleChanged } = await updateTag(tx, merchantId, request.params.id, request.body);
        const evaluationJobId = ruleChanged ? await enqueueEvaluation(tx, merchantId, tag.id) : null;
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.update",
          targetType: "tag",
          targetId: tag.id,
          ip: request.ip,
        });
        return { ...tag, evaluationJobId };
      });
    },
  );

  app.delete(
    "/api/v1/tags/:id",
    {
      config: { access: "tags:manage" },
      schema: {
        tags,
        summary: "Delete a tag (its holders lose it; the history stays)",
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      await withMerchant(database, merchantId, async (tx) => {
        await deleteTag(tx, merchantId, request.params.id, actor, now());
        await recordAudit(tx, merchantId, {
          actor,
          action: "tag.delete",
          targetType: "tag",
          targetId: request.params.id,
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/tags/:id/evaluate",
    {
      config: { access: "tags:manage" },
      schema: {
        tags,
        summary: "Re-apply a rule tag to every customer now (a tags.reevaluate job)",
        params: IdParamsSchema,
        response: { 202: z.object({ jobId: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const jobId = await withMerchant(database, merchantId, async (tx) => {
        const tag = await getTag(tx, merchantId, request.params.id);
        if (tag.kind !== "rule") throw new AppError("unprocessable", "Only rule tags are evaluated");
        return enqueueEvaluation(tx, merchantId, tag.id);
      });
      return reply.status(202).send({ jobId });
    },
  );

  app.get(
    "/api/v1/tags/:id/customers",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Customers holding a tag, most recently tagged first",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(TagHolderSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        await getTag(tx, merchantId, request.params.id);
        return listTagHolders(tx, merchantId, request.params.id, request.query);
      });
    },
  );

  await tagCustomerRoutes(app, deps);
}
