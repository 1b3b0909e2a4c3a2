import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { auditedWrite } from "../../http/audited-write.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { sendStoredImage } from "../../http/send-image.js";
import { maxChatImageBytes } from "../community/chat/chat-images.js";
import { readImageUpload } from "../community/chat/upload-image.js";
import { getContentImage, saveContentImage } from "./content-images.js";
import {
  cancelOccurrence,
  cancelPost,
  createPost,
  getPost,
  listOccurrences,
  listPosts,
  updatePost,
} from "./posts.js";
import {
  CalendarQuerySchema,
  CancelOccurrenceSchema,
  OccurrenceSchema,
  type Post,
  PostChangeSchema,
  PostInputSchema,
  PostListQuerySchema,
  PostSchema,
  TemplateChangeSchema,
  TemplateInputSchema,
  TemplateSchema,
} from "./schemas.js";
import {
  type ContentTemplate,
  createTemplate,
  deleteTemplate,
  getContentTemplate,
  listTemplates,
  updateTemplate,
} from "./templates.js";

const tags = ["content calendar"];
const access = "community:manage" as const;

const staffIdOf = (request: FastifyRequest) => {
  const { actor } = contextOf(request);
  return actor.kind === "staff" ? actor.staffId : null;
};

export async function contentRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/content/templates",
    {
      config: { access },
      schema: {
        tags,
        summary: "Content templates (topics, tips, courses, promotions), newest first",
        response: { 200: z.object({ data: z.array(TemplateSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listTemplates(tx, merchantId)) };
    },
  );

  app.post(
    "/api/v1/content/templates",
    {
      config: { access },
      schema: {
        tags,
        summary: "Create a content template",
        description:
          "promotional defaults to kind = promotion. card: a chat card {kind: coupon_template | flash_sale | checkin, id}.",
        body: TemplateInputSchema,
        response: { 201: TemplateSchema },
      },
    },
    async (request, reply) => {
      const template = await auditedWrite<ContentTemplate>(
        database,
        request,
        { action: "content_template.create", targetType: "content_template", targetId: (t) => t.id },
        (tx, merchantId) => createTemplate(tx, merchantId, request.body),
      );
      return reply.status(201).send(template);
    },
  );

  app.get(
    "/api/v1/content/templates/:id",
    {
      config: { access },
      schema: {
        tags,
        summary: "A content template",
        params: IdParamsSchema,
        response: { 200: TemplateSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        getContentTemplate(tx, merchantId, request.params.id),
      );
    },
  );

  app.patch(
    "/api/v1/content/templates/:id",
    {
      config: { access },
      schema: {
        tags,
        summary: "Change a content template (posts made from it keep their copy)",
        params: IdParamsSchema,
        body: TemplateChangeSchema,
        response: { 200: TemplateSchema },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        { action: "content_template.update", targetType: "content_template", targetId: request.params.id },
        (tx, merchantId) => updateTemplate(tx, merchantId, request.params.id, request.body),
      ),
  );

  app.delete(
    "/api/v1/content/templates/:id",
    {
      config: { access },
      schema: { tags, summary: "Delete a content template", params: IdParamsSchema },
    },
    async (request, reply) => {
      await auditedWrite(
        database,
        request,
        { action: "content_template.delete", targetType: "content_template", targetId: request.params.id },
        (tx, merchantId) => deleteTemplate(tx, merchantId, request.params.id),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/content/posts",
    {
      config: { access },
      schema: {
        tags,
        summary: "Scheduled posts, newest first",
        querystring: PostListQuerySchema,
        response: { 200: z.object({ data: z.array(PostSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return {
        data: await readAsMerchant(database, merchantId, (tx) => listPosts(tx, merchantId, request.query)),
      };
    },
  );

  app.post(
    "/api/v1/content/posts",
    {
      config: { access },
      schema: {
        tags,
        summary: "Schedule a post into a community (one-off or recurring, shop's time zone)",
        description:
          "Content fields left out come from templateId. schedule.repeat once runs at startDate localTime; daily every day, weekly on weekdays (0 = Sunday), from startDate to endDate. A built-in community gets the post in its chat; an external one a staff task and a task.created webhook.",
        body: PostInputSchema,
        response: { 201: PostSchema },
      },
    },
    async (request, reply) => {
      const post = await auditedWrite<Post>(
        database,
        request,
        { action: "content_post.create", targetType: "content_post", targetId: (p) => p.id },
        async (tx, merchantId) => {
          const id = await createPost(tx, merchantId, request.body, {
            staffId: staffIdOf(request),
            now: deps.now(),
          });
          return getPost(tx, merchantId, id);
        },
      );
      return reply.status(201).send(post);
    },
  );

  app.get(
    "/api/v1/content/posts/:id",
    {
      config: { access },
      schema: { tags, summary: "A scheduled post", params: IdParamsSchema, response: { 200: PostSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getPost(tx, merchantId, request.params.id));
    },
  );

  app.patch(
    "/api/v1/content/posts/:id",
    {
      config: { access },
      schema: {
        tags,
        summary: "Change a post's content or schedule (counts from now; past runs stay)",
        params: IdParamsSchema,
        body: PostChangeSchema,
        response: { 200: PostSchema },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        { action: "content_post.update", targetType: "content_post", targetId: request.params.id },
        async (tx, merchantId) => {
          await updatePost(tx, merchantId, request.params.id, request.body, deps.now());
          return getPost(tx, merchantId, request.params.id);
        },
      ),
  );

  app.post(
    "/api/v1/content/posts/:id/cancel",
    {
      config: { access },
      schema: {
        tags,
        summary: "Cancel the whole series (waiting and held runs too)",
        params: IdParamsSchema,
        response: { 200: PostSchema },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        { action: "content_post.cancel", targetType: "content_post", targetId: request.params.id },
        async (tx, merchantId) => {
          await cancelPost(tx, merchantId, request.params.id, deps.now());
          return getPost(tx, merchantId, request.params.id);
        },
      ),
  );

  app.post(
    "/api/v1/content/posts/:id/occurrences/cancel",
    {
      config: { access },
      schema: {
        tags,
        summary: "Cancel one run (upcoming or held) by its scheduled time",
        params: IdParamsSchema,
        body: CancelOccurrenceSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auditedWrite(
        database,
        request,
        {
          action: "content_occurrence.cancel",
          targetType: "content_post",
          targetId: request.params.id,
          details: { scheduledAt: request.body.scheduledAt },
        },
        (tx, merchantId) =>
          cancelOccurrence(tx, merchantId, request.params.id, new Date(request.body.scheduledAt), deps.now()),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/content/occurrences",
    {
      config: { access },
      schema: {
        tags,
        summary: "The calendar: runs between from and to (at most 62 days), with status",
        description:
          "status: scheduled, held (holdReason quiet_hours | community_cap, movedTo), posted, task_open, task_done, cancelled, failed (failure). Future runs not written yet have id null.",
        querystring: CalendarQuerySchema,
        response: { 200: z.object({ data: z.array(OccurrenceSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { from, to, communityId } = request.query;
      return {
        data: await readAsMerchant(database, merchantId, (tx) =>
          listOccurrences(tx, merchantId, { from: new Date(from), to: new Date(to), communityId }),
        ),
      };
    },
  );

  app.get(
    "/api/v1/content/images/:id",
    { config: { access }, schema: { tags, summary: "An image uploaded for a post", params: IdParamsSchema } },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const { id } = request.params as { id: string };
      const image = await readAsMerchant(database, merchantId, (tx) => getContentImage(tx, merchantId, id));
      return sendStoredImage(reply, image);
    },
  );

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: maxChatImageBytes, files: 1, fields: 2 } });
    (scope as App).post(
      "/api/v1/content/images",
      {
        config: { access },
        schema: {
          tags,
          summary: "Upload an image for a post or template (multipart field file; PNG/JPEG/WebP/GIF, 2 MB)",
          description:
            "Answers {id, url}: put url in imageUrl; a built-in community then gets it as a chat image.",
          consumes: ["multipart/form-data"],
          response: { 201: z.object({ id: z.string(), url: z.string() }) },
        },
      },
      async (request, reply) => {
        const { merchantId } = contextOf(request);
        const bytes = await readImageUpload(request);
        const image = await withMerchant(database, merchantId, (tx) =>
          saveContentImage(tx, merchantId, staffIdOf(request), bytes),
        );
        return reply.status(201).send(image);
      },
    );
  });
}
