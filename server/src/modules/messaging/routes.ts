import { z } from "zod";
import { readAsMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { auditedWrite } from "../../http/audited-write.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { type ComposeResult, composeSend, previewSend } from "./compose-send.js";
import { getMessageSettings, updateMessageSettings } from "./message-settings.js";
import { getSend, listMessages, listSends } from "./message-views.js";
import {
  ComposeResultSchema,
  ComposeSchema,
  MessageListQuerySchema,
  MessageSchema,
  MessageSettingsChangeSchema,
  MessageSettingsSchema,
  PreviewRequestSchema,
  SendPreviewSchema,
  SendSchema,
  WebhookTestResultSchema,
} from "./schemas.js";
import { testWebhook } from "./webhook.js";

const tags = ["messaging"];

export async function messagingRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;
  const allowPrivate = deps.config.webhookAllowPrivate ?? false;

  app.get(
    "/api/v1/messaging/settings",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "The over-marketing guard and webhook settings (defaults until saved)",
        response: { 200: MessageSettingsSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getMessageSettings(tx, merchantId));
    },
  );

  app.put(
    "/api/v1/messaging/settings",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Change the guard (caps, quiet hours in shop time) and the webhook",
        description:
          "Only the fields sent change. Setting webhookUrl makes a signing secret if none exists, and rotateWebhookSecret makes a new one; a new secret is answered once in webhookSecret. The webhook URL must be public: 400 webhook_url_not_public (details.reason scheme, credentials, private_address or unresolvable) unless the operator allows private targets (QUANZI_WEBHOOK_ALLOW_PRIVATE=1).",
        body: MessageSettingsChangeSchema,
        response: {
          200: MessageSettingsSchema.extend({
            webhookSecret: z.string().optional(),
          }),
        },
      },
    },
    async (request) => {
      const { rotateWebhookSecret, ...details } = request.body;
      return auditedWrite(
        database,
        request,
        {
          action: "messaging.settings",
          targetType: "messaging",
          details: { ...details, rotateWebhookSecret },
        },
        (tx, merchantId) =>
          updateMessageSettings(tx, merchantId, request.body, { allowPrivateWebhooks: allowPrivate }),
      );
    },
  );

  app.post(
    "/api/v1/messaging/webhook/test",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Post a signed webhook.test event to the webhook now and answer how it went",
        description: "422 unprocessable (details.reason no_webhook) when no webhook URL is set.",
        response: { 200: WebhookTestResultSchema },
      },
    },
    async (request) => testWebhook(database, contextOf(request).merchantId, { allowPrivate }),
  );

  app.post(
    "/api/v1/messaging/sends/preview",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "How a send would go now: how many at once, how many held and why, and until when",
        body: PreviewRequestSchema,
        response: { 200: SendPreviewSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        previewSend(tx, merchantId, request.body, deps.now()),
      );
    },
  );

  app.post(
    "/api/v1/messaging/sends",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Send a message to chosen customers or a segment",
        description:
          "Promotional messages that would break a cap or fall in quiet hours are held (status scheduled, with the reason and the time they go); service messages always go. 201 when every message is placed; 202 with status queued for a segment of more than 2,000 members, which a job works through. 404 not_found for an unknown segment or customers (details.missing); 422 unprocessable (details.reason empty_segment).",
        body: ComposeSchema,
        response: { 201: ComposeResultSchema, 202: ComposeResultSchema },
      },
    },
    async (request, reply) => {
      const { actor } = contextOf(request);
      const { audience, ...content } = request.body;
      const result = await auditedWrite<ComposeResult>(
        database,
        request,
        {
          action: "messaging.send",
          targetType: "message_send",
          targetId: (r) => r.sendId,
          details: {
            ...content,
            audience:
              audience.kind === "segment" ? audience : { kind: "customers", count: audience.ids.length },
          },
        },
        (tx, merchantId) => composeSend(tx, merchantId, request.body, { actor, now: deps.now() }),
      );
      return reply.status(result.status === "queued" ? 202 : 201).send(result);
    },
  );

  app.get(
    "/api/v1/messaging/sends",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Sends, newest first, with how many were delivered and are held",
        querystring: PageQuerySchema,
        response: { 200: pageOf(SendSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => listSends(tx, merchantId, request.query));
    },
  );

  app.get(
    "/api/v1/messaging/sends/:id",
    {
      config: { access: "promotions:read" },
      schema: { tags, summary: "One send", params: IdParamsSchema, response: { 200: SendSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getSend(tx, merchantId, request.params.id));
    },
  );

  app.get(
    "/api/v1/messaging/messages",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "The outbox: messages newest first (by status, category, customer, send, source)",
        description:
          "A held message (status scheduled) carries hold: {reason, until, text} in zh-CN and English.",
        querystring: MessageListQuerySchema.extend(PageQuerySchema.shape),
        response: { 200: pageOf(MessageSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filter } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listMessages(tx, merchantId, filter, { limit, cursor }),
      );
    },
  );
}
