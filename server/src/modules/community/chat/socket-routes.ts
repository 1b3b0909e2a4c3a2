import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { Principal } from "../../../http/access.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { type ChatActor, openChat } from "./chat-access.js";
import type { ChatHub, ChatSubscriber } from "./chat-hub.js";
import { listHistory } from "./chat-views.js";
import { advanceReadCursor } from "./read-state.js";
import { SendMessageSchema } from "./schemas.js";
import { sendChatMessage } from "./send-message.js";

const tags = ["community chat"];
const SocketQuerySchema = z.object({ after: z.coerce.number().int().min(0).optional() });
const CommunityParams = z.object({ id: z.string().uuid() });
const MemberCommunityParams = z.object({ slug: z.string().min(1).max(40), id: z.string().uuid() });

/** What a client sends over the socket. */
const ClientFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("send"), ref: z.string().max(64).optional(), message: z.unknown() }),
  z.object({ type: z.literal("read"), seq: z.number().int().min(0) }),
  z.object({ type: z.literal("ping") }),
]);

/** Cookies ride along on cross-site WebSocket handshakes, so the page must be our own. */
function checkOrigin(request: FastifyRequest) {
  const origin = request.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "Bad origin");
  }
  const forwarded = request.headers["x-forwarded-host"];
  if (host !== request.headers.host && host !== forwarded)
    throw new AppError("forbidden", "Cross-site socket refused");
}

function actorOf(principal: Principal | null): ChatActor {
  if (principal?.kind === "member") return { kind: "member", customerId: principal.customerId };
  if (principal?.kind === "staff") return { kind: "staff", staffId: principal.staffId };
  throw new AppError("forbidden", "Members and staff only");
}

const errorFrame = (ref: string | undefined, error: unknown) => {
  const e =
    error instanceof AppError
      ? { code: error.code, message: error.message, details: error.details }
      : error instanceof z.ZodError
        ? { code: "validation_failed", message: "Invalid message", details: { issues: error.issues } }
        : { code: "internal", message: "Something went wrong" };
  return JSON.stringify({ type: "error", ref, error: e });
};

/**
 * Member (/api/m/<slug>/communities/<id>/chat/socket) and staff (/api/communities/<id>/chat/socket)
 * sockets. The access rule and the membership check run before the upgrade, so a non-member gets a
 * plain 403. `?after=<seq>` replays what was missed since that message; live messages may arrive
 * among the replayed ones, so clients keep messages by seq.
 */
export async function chatSocketRoutes(app: App, deps: AppDeps, hub: ChatHub): Promise<void> {
  const { database } = deps;

  const opened = async (socket: WebSocket, request: FastifyRequest, communityId: string, after?: number) => {
    const principal = request.principal;
    if (!principal) return socket.close(4401, "unauthenticated");
    const merchantId = principal.merchantId;
    const actor = actorOf(principal);
    const subscriber: ChatSubscriber = {
      socket,
      merchantId,
      communityId,
      customerId: actor.kind === "member" ? actor.customerId : null,
      alive: true,
    };
    hub.join(subscriber, after ?? 0);
    socket.on("close", () => hub.leave(subscriber));
    socket.on("message", (data) => {
      handleFrame(String(data)).catch((error) => socket.send(errorFrame(undefined, error)));
    });
    const handleFrame = async (text: string) => {
      const frame = ClientFrameSchema.parse(JSON.parse(text));
      if (frame.type === "ping") return socket.send(JSON.stringify({ type: "pong" }));
      if (frame.type === "read") {
        if (actor.kind !== "member") return;
        await withMerchant(database, merchantId, (tx) =>
          advanceReadCursor(tx, merchantId, communityId, actor.customerId, frame.seq),
        );
        return;
      }
      try {
        const input = SendMessageSchema.parse(frame.message);
        const message = await withMerchant(database, merchantId, (tx) =>
          sendChatMessage(tx, merchantId, communityId, actor, input, deps.now()),
        );
        socket.send(JSON.stringify({ type: "ack", ref: frame.ref, message }));
      } catch (error) {
        socket.send(errorFrame(frame.ref, error));
        if (error instanceof AppError && error.code === "forbidden" && actor.kind === "member") {
          socket.close(4403, "not a member");
        }
      }
    };
    if (after !== undefined) {
      let position = after;
      for (let pages = 0; pages < 10; pages++) {
        const page = await readAsMerchant(database, merchantId, (tx) =>
          listHistory(tx, merchantId, communityId, { limit: 100, after: position }, deps.now()),
        );
        for (const message of page.data) socket.send(JSON.stringify({ type: "message", message }));
        position = page.data.at(-1)?.seq ?? position;
        if (!page.nextCursor) break;
      }
    }
    socket.send(JSON.stringify({ type: "ready" }));
  };

  const checkOpen = async (request: FastifyRequest, communityId: string) => {
    checkOrigin(request);
    const principal = request.principal;
    if (!principal) throw new AppError("unauthenticated", "Sign in first");
    await readAsMerchant(database, principal.merchantId, (tx) =>
      openChat(tx, principal.merchantId, communityId, actorOf(principal)),
    );
  };

  app.get(
    "/api/communities/:id/chat/socket",
    {
      websocket: true,
      config: { access: "community:manage" },
      schema: {
        tags,
        summary: "Staff chat socket (WebSocket)",
        params: CommunityParams,
        querystring: SocketQuerySchema,
      },
      preHandler: async (request) => checkOpen(request, request.params.id),
    },
    (socket, request) => {
      opened(socket, request, request.params.id, request.query.after).catch(() => socket.close(1011));
    },
  );

  app.get(
    "/api/m/:slug/communities/:id/chat/socket",
    {
      websocket: true,
      config: { access: "member" },
      schema: {
        tags,
        summary: "Member chat socket (WebSocket)",
        params: MemberCommunityParams,
        querystring: SocketQuerySchema,
      },
      preHandler: async (request) => checkOpen(request, request.params.id),
    },
    (socket, request) => {
      opened(socket, request, request.params.id, request.query.after).catch(() => socket.close(1011));
    },
  );
}
