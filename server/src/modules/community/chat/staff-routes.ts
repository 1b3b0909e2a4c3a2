import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import { staffOf } from "../../../http/access.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { auditedWrite } from "../../../http/audited-write.js";
import { getChatCommunity } from "./chat-access.js";
import { getChatInfo, listChatCommunities } from "./chat-info.js";
import { listHistory } from "./chat-views.js";
import { chatImageRoutes } from "./image-routes.js";
import { readChatSettings, saveChatSettings } from "./keyword-filter.js";
import { deleteMessage, muteMember, setMessagePinned } from "./moderation.js";
import { removeChatMember } from "./remove-member.js";
import {
  ChatInfoSchema,
  ChatMessageSchema,
  ChatSettingsInputSchema,
  ChatSettingsSchema,
  HistoryPageSchema,
  HistoryQuerySchema,
  MuteSchema,
  SendMessageSchema,
  StaffCommunitySchema,
} from "./schemas.js";
import { sendChatMessage } from "./send-message.js";

const tags = ["community chat"];
const access = "community:manage" as const;
const Params = z.object({ id: z.string().uuid() });
const MessageParams = Params.extend({ messageId: z.string().uuid() });
const MemberParams = Params.extend({ customerId: z.string().uuid() });

/** Staff in the chat: read, post (announcements pinned), and moderate. */
export async function staffChatRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;
  const base = "/api/communities/:id/chat";

  app.get(
    "/api/community-chat/communities",
    {
      config: { access },
      schema: {
        tags,
        summary: "Built-in communities with a chat",
        response: { 200: z.object({ data: z.array(StaffCommunitySchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = staffOf(request);
      return {
        data: await readAsMerchant(database, merchantId, (tx) => listChatCommunities(tx, merchantId)),
      };
    },
  );

  app.get(
    "/api/community-chat/settings",
    {
      config: { access },
      schema: { tags, summary: "The shop's ad keyword filter", response: { 200: ChatSettingsSchema } },
    },
    async (request) => {
      const { merchantId } = staffOf(request);
      return readAsMerchant(database, merchantId, (tx) => readChatSettings(tx, merchantId));
    },
  );

  app.put(
    "/api/community-chat/settings",
    {
      config: { access },
      schema: {
        tags,
        summary: "Replace the blocked words (plain words, not patterns)",
        body: ChatSettingsInputSchema,
        response: { 200: ChatSettingsSchema },
      },
    },
    async (request) =>
      auditedWrite(database, request, { action: "community_chat.settings" }, (tx, merchantId) =>
        saveChatSettings(tx, merchantId, request.body),
      ),
  );

  app.get(
    base,
    {
      config: { access },
      schema: { tags, summary: "Open a community's chat", params: Params, response: { 200: ChatInfoSchema } },
    },
    async (request) => {
      const s = staffOf(request);
      return readAsMerchant(database, s.merchantId, (tx) =>
        getChatInfo(tx, s.merchantId, request.params.id, { kind: "staff", staffId: s.staffId }, deps.now()),
      );
    },
  );

  app.get(
    `${base}/messages`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Chat history, newest first (cursor), or after=<seq>",
        params: Params,
        querystring: HistoryQuerySchema,
        response: { 200: HistoryPageSchema },
      },
    },
    async (request) => {
      const { merchantId } = staffOf(request);
      return readAsMerchant(database, merchantId, async (tx) => {
        await getChatCommunity(tx, merchantId, request.params.id);
        return listHistory(tx, merchantId, request.params.id, request.query, deps.now());
      });
    },
  );

  app.post(
    `${base}/messages`,
    {
      config: { access },
      schema: {
        tags,
        summary:
          "Post as staff: text, image, link or a card (coupon, flash sale, check-in); pin: true for an announcement",
        params: Params,
        body: SendMessageSchema,
        response: { 201: ChatMessageSchema },
      },
    },
    async (request, reply) => {
      const s = staffOf(request);
      const message = await withMerchant(database, s.merchantId, (tx) =>
        sendChatMessage(
          tx,
          s.merchantId,
          request.params.id,
          { kind: "staff", staffId: s.staffId },
          request.body,
          deps.now(),
        ),
      );
      return reply.status(201).send(message);
    },
  );

  for (const pinned of [true, false]) {
    const route = {
      config: { access },
      schema: {
        tags,
        summary: pinned ? "Pin a message as an announcement" : "Unpin a message",
        params: MessageParams,
        response: { 200: ChatMessageSchema },
      },
    };
    const handler = async (
      request: { params: z.infer<typeof MessageParams> } & Parameters<typeof staffOf>[0],
    ) => {
      const s = staffOf(request);
      return auditedWrite(
        database,
        request,
        {
          action: pinned ? "community_chat.pin" : "community_chat.unpin",
          targetType: "chat_message",
          targetId: request.params.messageId,
        },
        (tx, merchantId) =>
          setMessagePinned(
            tx,
            merchantId,
            request.params.id,
            request.params.messageId,
            s.staffId,
            pinned,
            deps.now(),
          ),
      );
    };
    if (pinned) app.put(`${base}/messages/:messageId/pin`, route, handler);
    else app.delete(`${base}/messages/:messageId/pin`, route, handler);
  }

  app.delete(
    `${base}/messages/:messageId`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Delete a message for everyone",
        params: MessageParams,
        response: { 200: ChatMessageSchema },
      },
    },
    async (request) => {
      const s = staffOf(request);
      return auditedWrite(
        database,
        request,
        { action: "community_chat.delete", targetType: "chat_message", targetId: request.params.messageId },
        (tx, merchantId) =>
          deleteMessage(tx, merchantId, request.params.id, request.params.messageId, s.staffId, deps.now()),
      );
    },
  );

  app.put(
    `${base}/members/:customerId/mute`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Mute a member for some minutes (0 lifts it)",
        params: MemberParams,
        body: MuteSchema,
        response: { 200: z.object({ customerId: z.string(), mutedUntil: z.date().nullable() }) },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        {
          action: "community_chat.mute",
          targetType: "customer",
          targetId: request.params.customerId,
          details: { minutes: request.body.minutes },
        },
        (tx, merchantId) =>
          muteMember(
            tx,
            merchantId,
            request.params.id,
            request.params.customerId,
            request.body.minutes,
            deps.now(),
          ),
      ),
  );

  app.post(
    `${base}/members/:customerId/remove`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Remove a member from the community; their chat sockets close",
        params: MemberParams,
        response: { 200: z.object({ customerId: z.string(), removed: z.boolean() }) },
      },
    },
    async (request) => {
      const s = staffOf(request);
      return auditedWrite(
        database,
        request,
        { action: "community_chat.remove", targetType: "customer", targetId: request.params.customerId },
        (tx, merchantId) =>
          removeChatMember(
            tx,
            merchantId,
            request.params.id,
            request.params.customerId,
            s.staffId,
            deps.now(),
          ),
      );
    },
  );

  await chatImageRoutes(app, database, {
    base,
    access,
    tags,
    params: Params,
    callerOf: (request) => {
      const { merchantId, staffId } = staffOf(request);
      return {
        merchantId,
        actor: { kind: "staff", staffId },
        mayUse: async (tx, communityId) => {
          await getChatCommunity(tx, merchantId, communityId);
        },
      };
    },
  });
}
