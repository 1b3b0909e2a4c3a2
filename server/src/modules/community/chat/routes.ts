import fastifyWebsocket from "@fastify/websocket";
import type { App, AppDeps } from "../../../http/app-types.js";
import { createChatHub } from "./chat-hub.js";
import { memberChatRoutes } from "./member-routes.js";
import { chatSocketRoutes } from "./socket-routes.js";
import { staffChatRoutes } from "./staff-routes.js";

declare module "fastify" {
  interface FastifyInstance {
    /** This process's chat sockets (tests and the bench count them). */
    chatHub?: ReturnType<typeof createChatHub>;
  }
}

/** The built-in community chat: HTTP for members and staff, WebSockets fed by LISTEN/NOTIFY. */
export async function communityChatRoutes(app: App, deps: AppDeps): Promise<void> {
  const hub = createChatHub(deps.database, deps.now, (error) =>
    app.log.error({ err: error }, "chat delivery failed"),
  );
  app.decorate("chatHub", hub);
  app.addHook("onReady", () => hub.start());
  app.addHook("preClose", () => hub.close());
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await staffChatRoutes(app, deps);
  await memberChatRoutes(app, deps);
  await chatSocketRoutes(app, deps, hub);
}
