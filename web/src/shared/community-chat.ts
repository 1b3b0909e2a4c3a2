// The community chat's API shapes and message merging, shared by the member page and the console
// (see docs/api.md).

export type ChatCardKind = "coupon_template" | "flash_sale" | "checkin";

export type ChatMessage = {
  id: string;
  communityId: string;
  seq: number;
  author: { kind: "member" | "staff"; id: string; name: string };
  kind: "text" | "image" | "link" | "card";
  body: string;
  link: { url: string; title: string } | null;
  imageId: string | null;
  card: { kind: ChatCardKind; id: string | null; title: string; subtitle: string; available: boolean } | null;
  pinnedAt: string | null;
  deleted: boolean;
  createdAt: string;
};

export type ChatInfo = {
  community: { id: string; name: string; rules: string; memberCount: number };
  pinned: ChatMessage[];
  lastSeq: number;
  me: {
    customerId: string;
    lastReadSeq: number;
    unread: number;
    rulesAccepted: boolean;
    mutedUntil: string | null;
  } | null;
};

export type HistoryPage = { data: ChatMessage[]; nextCursor: string | null };

/** Frames the server sends over the socket. */
export type ServerFrame =
  | { type: "message" | "update"; message: ChatMessage }
  | { type: "ack"; ref?: string; message: ChatMessage }
  | { type: "error"; ref?: string; error: { code: string; message: string; details?: unknown } }
  | { type: "ready" }
  | { type: "pong" };

/** Keeps one message per seq, oldest first: replayed and live frames may overlap or cross. */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
