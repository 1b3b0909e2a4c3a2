import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { memberOf } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { countUnread, getInboxMessage, listInbox, markRead } from "./inbox.js";
import { InboxMessageSchema } from "./schemas.js";

const tags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });
const MessageParams = SlugParams.extend({ id: z.string().uuid() });

export async function memberInboxRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/m/:slug/inbox",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My messages, newest first, with the unread count",
        params: SlugParams,
        querystring: PageQuerySchema,
        response: { 200: pageOf(InboxMessageSchema).extend({ unread: z.number().int() }) },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return readAsMerchant(database, merchantId, async (tx) => ({
        ...(await listInbox(tx, merchantId, customerId, request.query)),
        unread: await countUnread(tx, merchantId, customerId),
      }));
    },
  );

  app.get(
    "/api/m/:slug/inbox/unread-count",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "How many of my messages are unread (for the badge)",
        params: SlugParams,
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return {
        unread: await readAsMerchant(database, merchantId, (tx) => countUnread(tx, merchantId, customerId)),
      };
    },
  );

  app.get(
    "/api/m/:slug/inbox/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "One of my messages",
        params: MessageParams,
        response: { 200: InboxMessageSchema },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        getInboxMessage(tx, merchantId, customerId, request.params.id),
      );
    },
  );

  app.post(
    "/api/m/:slug/inbox/:id/read",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Mark one of my messages read",
        params: MessageParams,
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        await markRead(tx, merchantId, customerId, request.params.id, deps.now());
        return { unread: await countUnread(tx, merchantId, customerId) };
      });
    },
  );

  app.post(
    "/api/m/:slug/inbox/read-all",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Mark all my messages read",
        params: SlugParams,
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        await markRead(tx, merchantId, customerId, null, deps.now());
        return { unread: 0 };
      });
    },
  );
}
