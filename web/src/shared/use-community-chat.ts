import { useCallback, useEffect, useRef, useState } from "react";
import { type ChatInfo, type ChatMessage, mergeMessages, type ServerFrame } from "./community-chat";

/** How a chat screen reaches the server: the member page's and the console's paths differ. */
export type ChatTransport<Input> = {
  info(): Promise<ChatInfo>;
  history(cursor: string | null): Promise<{ data: ChatMessage[]; nextCursor: string | null }>;
  send(input: Input): Promise<ChatMessage>;
  socketUrl(after: number | null): string;
};

export type ChatStatus = "connecting" | "online" | "offline" | "removed";

type Pending = { resolve(m: ChatMessage): void; reject(e: unknown): void };

/** Pinned announcements after a message changed: kept while pinned and not deleted, newest first. */
function repin(pinned: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const rest = pinned.filter((p) => p.id !== message.id);
  if (!message.pinnedAt || message.deleted) return rest;
  return [message, ...rest].sort((a, b) => b.seq - a.seq);
}

/**
 * One community chat: the opening info, the messages loaded so far (oldest first), older pages on
 * demand, and a socket that replays what was missed (`after` the newest seq held) on every reconnect.
 */
export function useCommunityChat<Input>(api: ChatTransport<Input>) {
  const [info, setInfo] = useState<ChatInfo | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [olderCursor, setOlderCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<ChatStatus>("connecting");
  const socketRef = useRef<WebSocket | null>(null);
  const newestRef = useRef<number | null>(null);
  const pending = useRef(new Map<string, Pending>());
  const readSent = useRef(0);
  const connectedBefore = useRef(false);

  const take = useCallback((incoming: ChatMessage[]) => {
    if (incoming.length === 0) return;
    const top = Math.max(...incoming.map((m) => m.seq));
    newestRef.current = Math.max(newestRef.current ?? 0, top);
    setMessages((current) => mergeMessages(current, incoming));
  }, []);

  const onFrame = useCallback(
    (frame: ServerFrame) => {
      if (frame.type === "message" || frame.type === "update") {
        take([frame.message]);
        if (frame.type === "update")
          setInfo((i) => (i ? { ...i, pinned: repin(i.pinned, frame.message) } : i));
        else if (frame.message.pinnedAt)
          setInfo((i) => (i ? { ...i, pinned: repin(i.pinned, frame.message) } : i));
      } else if (frame.type === "ack") {
        take([frame.message]);
        if (frame.ref) pending.current.get(frame.ref)?.resolve(frame.message);
        if (frame.ref) pending.current.delete(frame.ref);
      } else if (frame.type === "error" && frame.ref) {
        pending.current.get(frame.ref)?.reject(frame.error);
        pending.current.delete(frame.ref);
      } else if (frame.type === "ready") {
        setStatus("online");
        // Pins and unpins made while this socket was away are not replayed: refresh them.
        if (connectedBefore.current)
          api.info().then(
            (fresh) => setInfo(fresh),
            () => {},
          );
        connectedBefore.current = true;
      }
    },
    [api, take],
  );

  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    const connect = () => {
      if (!live) return;
      setStatus("connecting");
      const socket = new WebSocket(api.socketUrl(newestRef.current));
      socketRef.current = socket;
      socket.onmessage = (event) => onFrame(JSON.parse(String(event.data)) as ServerFrame);
      socket.onopen = () => {
        attempt = 0;
      };
      socket.onclose = (event) => {
        if (socketRef.current === socket) socketRef.current = null;
        for (const p of pending.current.values()) p.reject({ code: "network_error", message: "offline" });
        pending.current.clear();
        if (!live) return;
        if (event.code === 4403) {
          setStatus("removed");
          return;
        }
        setStatus("offline");
        attempt += 1;
        retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** attempt));
      };
    };
    api.info().then(
      async (opened) => {
        if (!live) return;
        setInfo(opened);
        const page = await api.history(null);
        if (!live) return;
        newestRef.current = opened.lastSeq;
        take(page.data);
        setOlderCursor(page.nextCursor);
        connect();
      },
      (error: unknown) => live && setLoadError(error),
    );
    return () => {
      live = false;
      if (retry) clearTimeout(retry);
      socketRef.current?.close();
    };
  }, [api, onFrame, take]);

  const loadOlder = useCallback(async () => {
    if (!olderCursor) return;
    const page = await api.history(olderCursor);
    setMessages((current) => mergeMessages(current, page.data));
    setOlderCursor(page.nextCursor);
  }, [api, olderCursor]);

  /** Over the socket when connected (acknowledged with the stored message), else over HTTP. */
  const send = useCallback(
    (input: Input): Promise<ChatMessage> => {
      const socket = socketRef.current;
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        return api.send(input).then((m) => {
          take([m]);
          return m;
        });
      }
      const ref = Math.random().toString(36).slice(2);
      return new Promise((resolve, reject) => {
        pending.current.set(ref, { resolve, reject });
        socket.send(JSON.stringify({ type: "send", ref, message: input }));
      });
    },
    [api, take],
  );

  const markRead = useCallback((seq: number) => {
    const socket = socketRef.current;
    if (seq <= readSent.current || socket?.readyState !== WebSocket.OPEN) return;
    readSent.current = seq;
    socket.send(JSON.stringify({ type: "read", seq }));
  }, []);

  return {
    info,
    setInfo,
    loadError,
    messages,
    hasOlder: olderCursor !== null,
    loadOlder,
    status,
    send,
    markRead,
  };
}
