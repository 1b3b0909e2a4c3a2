import type { WebSocket } from "ws";
import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import { type ChatEvent, type ChatListener, listenForChat } from "./chat-bus.js";
import { getMessageById, listHistory } from "./chat-views.js";
import type { ChatMessage } from "./schemas.js";

/** One open chat socket on this process. */
export type ChatSubscriber = {
  socket: WebSocket;
  merchantId: string;
  communityId: string;
  /** Set for members, so their sockets can be closed when they are removed. */
  customerId: string | null;
  alive: boolean;
};

/** Close code for a member who is no longer in the community (the page shows why). */
export const closeRemoved = 4403;

type Room = { subscribers: Set<ChatSubscriber>; lastSeq: number; queue: Promise<void> };

export type ChatHub = ReturnType<typeof createChatHub>;

/**
 * The sockets of this server process, by community. Every process hears every chat event from
 * the database (LISTEN/NOTIFY), loads the message once and sends the same text to its own
 * sockets; events for communities with no socket here are ignored. Per community, deliveries run
 * one after another so sockets see messages in order.
 */
export function createChatHub(database: Database, now: () => Date, log: (error: unknown) => void) {
  const rooms = new Map<string, Room>();
  let listener: ChatListener | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  const keyOf = (merchantId: string, communityId: string) => `${merchantId}:${communityId}`;

  const broadcast = (room: Room, text: string) => {
    for (const s of room.subscribers) if (s.socket.readyState === s.socket.OPEN) s.socket.send(text);
  };

  const deliver = async (room: Room, event: Extract<ChatEvent, { id: string }>) => {
    const message = await readAsMerchant(database, event.m, (tx) =>
      getMessageById(tx, event.m, event.id, now()),
    );
    if (!message) return;
    if (event.e === "message") room.lastSeq = Math.max(room.lastSeq, message.seq);
    broadcast(room, JSON.stringify({ type: event.e, message }));
  };

  /** After the listening connection came back: send each room what was written meanwhile. */
  const catchUp = async (merchantId: string, communityId: string, room: Room) => {
    const page = await readAsMerchant(database, merchantId, (tx) =>
      listHistory(tx, merchantId, communityId, { limit: 100, after: room.lastSeq }, now()),
    );
    for (const message of page.data) {
      room.lastSeq = Math.max(room.lastSeq, message.seq);
      broadcast(room, JSON.stringify({ type: "message", message }));
    }
  };

  const enqueue = (room: Room, work: () => Promise<void>) => {
    room.queue = room.queue.then(work).catch(log);
  };

  const onEvent = (event: ChatEvent) => {
    const room = rooms.get(keyOf(event.m, event.c));
    if (!room) return;
    if (event.e === "removed") {
      for (const s of room.subscribers) if (s.customerId === event.u) s.socket.close(closeRemoved, "removed");
      return;
    }
    enqueue(room, () => deliver(room, event));
  };

  const resync = () => {
    for (const [key, room] of rooms) {
      const [merchantId, communityId] = key.split(":") as [string, string];
      enqueue(room, () => catchUp(merchantId, communityId, room));
    }
  };

  return {
    async start() {
      listener = await listenForChat(database, onEvent, resync);
      // Sockets that stop answering pings (a phone that lost its network) are dropped.
      heartbeat = setInterval(() => {
        for (const room of rooms.values()) {
          for (const s of room.subscribers) {
            if (!s.alive) s.socket.terminate();
            else {
              s.alive = false;
              s.socket.ping();
            }
          }
        }
      }, 30_000);
      heartbeat.unref();
    },
    join(subscriber: ChatSubscriber, lastSeq: number) {
      const key = keyOf(subscriber.merchantId, subscriber.communityId);
      let room = rooms.get(key);
      if (!room) {
        room = { subscribers: new Set(), lastSeq, queue: Promise.resolve() };
        rooms.set(key, room);
      }
      room.lastSeq = Math.max(room.lastSeq, lastSeq);
      room.subscribers.add(subscriber);
      subscriber.socket.on("pong", () => {
        subscriber.alive = true;
      });
    },
    leave(subscriber: ChatSubscriber) {
      const key = keyOf(subscriber.merchantId, subscriber.communityId);
      const room = rooms.get(key);
      room?.subscribers.delete(subscriber);
      if (room && room.subscribers.size === 0) rooms.delete(key);
    },
    /** Sockets open on this process (for tests and the bench). */
    count: () => [...rooms.values()].reduce((n, r) => n + r.subscribers.size, 0),
    async close() {
      if (heartbeat) clearInterval(heartbeat);
      await listener?.close();
      for (const room of rooms.values())
        for (const s of room.subscribers) s.socket.close(1001, "server closing");
      rooms.clear();
    },
  };
}

export type ChatDelivery = { type: "message" | "update"; message: ChatMessage };
