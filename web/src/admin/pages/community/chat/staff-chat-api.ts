// The console's slice of the community chat API (/api/communities/{id}/chat…, /api/community-chat/…).
import { api } from "../../../../shared/api";
import type { ChatCardKind, ChatInfo, ChatMessage, HistoryPage } from "../../../../shared/community-chat";

export type StaffSendInput =
  | { kind: "text"; body: string; pin?: boolean }
  | { kind: "card"; card: { kind: ChatCardKind; id: string | null }; body?: string; pin?: boolean };

export type ChatCommunity = {
  id: string;
  name: string;
  memberCount: number;
  lastSeq: number;
  status: string;
};
export type ChatSettings = { blockedWords: string[]; updatedAt: string | null };

export function staffChatApi(communityId: string) {
  const base = `/api/communities/${encodeURIComponent(communityId)}/chat`;
  return {
    info: () => api.get<ChatInfo>(base),
    history: (cursor: string | null) => api.get<HistoryPage>(`${base}/messages`, { cursor, limit: 40 }),
    send: (input: StaffSendInput) => api.post<ChatMessage>(`${base}/messages`, input),
    pin: (id: string) => api.put<ChatMessage>(`${base}/messages/${id}/pin`, {}),
    unpin: (id: string) => api.delete<ChatMessage>(`${base}/messages/${id}/pin`),
    remove: (id: string) => api.delete<ChatMessage>(`${base}/messages/${id}`),
    mute: (customerId: string, minutes: number) =>
      api.put<{ mutedUntil: string | null }>(`${base}/members/${customerId}/mute`, { minutes }),
    removeMember: (customerId: string) => api.post(`${base}/members/${customerId}/remove`),
    imageUrl: (imageId: string) => `${base}/images/${encodeURIComponent(imageId)}`,
    socketUrl: (after: number | null) => {
      const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
      return `${protocol}//${window.location.host}${base}/socket${after === null ? "" : `?after=${after}`}`;
    },
  };
}

export type StaffChatApi = ReturnType<typeof staffChatApi>;
