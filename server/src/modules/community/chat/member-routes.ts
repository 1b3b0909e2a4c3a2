import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { memberOf } from "../../../http/request-context.js";
import { requireMembership } from "./chat-access.js";
import { getChatInfo } from "./chat-info.js";
import { listHistory } from "./chat-views.js";
import { chatImageRoutes } from "./image-routes.js";
import { acceptRules } from "./moderation.js";
import { advanceReadCursor, countUnread } from "./read-state.js";
import {
  ChatInfoSchema,
  ChatMessageSchema,
  HistoryPageSchema,
  HistoryQuerySchema,
  MarkReadSchema,
  SendMessageSchema,
  UnreadSchema,
} from "./schemas.js";
import { sendChatMessage } from "./send-message.js";

const tags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });
const Params = SlugParams.extend({ id: z.string().uuid() });

/** The member page's chat: open, history, send, read, rules, images, unread counts. */
export async function memberChatRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;
  const base = "/api/m/:slug/communities/:id/chat";
  const actorOf = (customerId: string) => ({ kind: "member" as const, customerId });

  app.get(
    "/api/m/:slug/communities/chat/unread",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Unread chat messages per community I am in",
        params: SlugParams,
        response: { 200: UnreadSchema },
      },
    },
    async (request) => {
      const m = memberOf(request);
      const rows = await readAsMerchant(database, m.merchantId, (tx) =>
        countUnread(tx, m.merchantId, m.customerId),
      );
      return { data: rows.map(({ lastReadSeq: _r, ...row }) => row) };
    },
  );

  app.get(
    base,
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Open a community chat: rules, pinned announcements, my unread count",
        params: Params,
        response: { 200: ChatInfoSchema },
      },
    },
    async (request) => {
      const m = memberOf(request);
      return readAsMerchant(database, m.merchantId, (tx) =>
        getChatInfo(tx, m.merchantId, request.params.id, actorOf(m.customerId), deps.now()),
      );
    },
  );

  app.get(
    `${base}/messages`,
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Chat history, newest first (cursor), or after=<seq> oldest first for catching up",
        params: Params,
        querystring: HistoryQuerySchema,
        response: { 200: HistoryPageSchema },
      },
    },
    async (request) => {
      const m = memberOf(request);
      return readAsMerchant(database, m.merchantId, async (tx) => {
        await requireMembership(tx, m.merchantId, request.params.id, m.customerId);
        return listHistory(tx, m.merchantId, request.params.id, request.query, deps.now());
      });
    },
  );

  app.post(
    `${base}/messages`,
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Send a message (text, image, link)",
        params: Params,
        body: SendMessageSchema,
        response: { 201: ChatMessageSchema },
      },
    },
    async (request, reply) => {
      const m = memberOf(request);
      const message = await withMerchant(database, m.merchantId, (tx) =>
        sendChatMessage(tx, m.merchantId, request.params.id, actorOf(m.customerId), request.body, deps.now()),
      );
      return reply.status(201).send(message);
    },
  );

  app.post(
    `${base}/read`,
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Mark read up to a message (seq)",
        params: Params,
        body: MarkReadSchema,
        response: { 200: z.object({ lastReadSeq: z.number().int() }) },
      },
    },
    async (request) => {
      const m = memberOf(request);
      const lastReadSeq = await withMerchant(database, m.merchantId, async (tx) => {
        await requireMembership(tx, m.merchantId, request.params.id, m.customerId);
        return advanceReadCursor(tx, m.merchantId, request.params.id, m.customerId, request.body.seq);
      });
      return { lastReadSeq };
    },
  );

  app.post(
    `${base}/rules/accept`,
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Accept the community rules (asked on first open)",
        params: Params,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const m = memberOf(request);
      await withMerchant(database, m.merchantId, (tx) =>
        acceptRules(tx, m.merchantId, request.params.id, m.customerId),
      );
      return reply.status(204).send(null);
    },
  );

  await chatImageRoutes(app, database, {
    base,
    access: "member",
    tags,
    params: Params,
    callerOf: (request) => {
      const m = memberOf(request);
      return {
        merchantId: m.merchantId,
        actor: actorOf(m.customerId),
        mayUse: (tx, communityId) => requireMembership(tx, m.merchantId, communityId, m.customerId),
      };
    },
  });
}
