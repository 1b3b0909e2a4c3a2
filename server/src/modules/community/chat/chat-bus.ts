import { sql } from "drizzle-orm";
import pg from "pg";
import type { Database } from "../../../db/database.js";
import type { Tx } from "../../../db/tenant.js";

/**
 * One NOTIFY channel for every shop's chat. The payload names the message, never carries it
 * (NOTIFY payloads are capped at 8,000 bytes): each server process loads the message once and
 * fans it out to its own sockets.
 */
export const chatChannel = "quanzi_chat";

export type ChatEvent =
  /** A new message, or a change to one (deleted, pinned, unpinned). */
  | { e: "message" | "update"; m: string; c: string; id: string }
  /** A member left or was removed: their sockets on every process are closed. */
  | { e: "removed"; m: string; c: string; u: string };

/** Sent inside the writing transaction, so listeners hear of it only once it has committed. */
export async function notifyChat(tx: Tx, event: ChatEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${chatChannel}, ${JSON.stringify(event)})`);
}

export type ChatListener = { close(): Promise<void> };

function parseEvent(payload: string): ChatEvent | null {
  try {
    const event = JSON.parse(payload) as ChatEvent;
    return typeof event.m === "string" && typeof event.c === "string" ? event : null;
  } catch {
    return null;
  }
}

/**
 * Listens on the chat channel: PGlite's own listen on the embedded database, a dedicated
 * connection on PostgreSQL (LISTEN needs a session, not a pooled transaction). After that
 * connection is lost and comes back, onResync runs so the caller can catch up on what it missed.
 */
export async function listenForChat(
  database: Database,
  onEvent: (event: ChatEvent) => void,
  onResync: () => void,
): Promise<ChatListener> {
  const deliver = (payload: string | undefined) => {
    const event = payload ? parseEvent(payload) : null;
    if (event) onEvent(event);
  };
  if (database.pglite) {
    const unlisten = await database.pglite.listen(chatChannel, deliver);
    return { close: () => unlisten() };
  }
  const pool = database.pool;
  if (!pool) throw new Error("No database connection to listen on");
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (isRetry: boolean) => {
    const next = new pg.Client({ connectionString: pool.options.connectionString });
    next.on("notification", (n) => {
      if (n.channel === chatChannel) deliver(n.payload);
    });
    const reconnect = () => {
      if (closed || client !== next) return;
      client = null;
      next.end().catch(() => {});
      retry = setTimeout(() => connect(true).catch(reconnectLater), 1000);
    };
    const reconnectLater = () => {
      if (!closed) retry = setTimeout(() => connect(true).catch(reconnectLater), 1000);
    };
    next.on("error", reconnect);
    next.on("end", reconnect);
    await next.connect();
    await next.query(`listen ${chatChannel}`);
    client = next;
    if (isRetry) onResync();
  };
  await connect(false);
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
