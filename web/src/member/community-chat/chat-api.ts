// The member page's slice of the community chat API (/api/m/{slug}/communities/{id}/chat…) and its
// WebSocket. Writes carry x-requested-with like every member write.
import { apiRequest } from "../../shared/api";
import type { ChatInfo, ChatMessage, HistoryPage } from "../../shared/community-chat";

export type SendInput =
  | { kind: "text"; body: string }
  | { kind: "image"; imageId: string; body?: string }
  | { kind: "link"; url: string; title?: string; body?: string };

const writeHeaders = { "x-requested-with": "quanzi" };

export function chatApi(slug: string, communityId: string) {
  const base = `/api/m/${encodeURIComponent(slug)}/communities/${encodeURIComponent(communityId)}/chat`;
  return {
    info: () => apiRequest<ChatInfo>("GET", base),
    history: (cursor: string | null, limit = 30) =>
      apiRequest<HistoryPage>("GET", `${base}/messages`, { query: { cursor, limit } }),
    send: (input: SendInput) =>
      apiRequest<ChatMessage>("POST", `${base}/messages`, { body: input, headers: writeHeaders }),
    acceptRules: () => apiRequest<void>("POST", `${base}/rules/accept`, { headers: writeHeaders }),
    uploadImage: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return apiRequest<{ imageId: string }>("POST", `${base}/images`, { body: form, headers: writeHeaders });
    },
    imageUrl: (imageId: string) => `${base}/images/${encodeURIComponent(imageId)}`,
    socketUrl: (after: number | null) => {
      const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
      const query = after === null ? "" : `?after=${after}`;
      return `${protocol}//${window.location.host}${base}/socket${query}`;
    },
  };
}

export type ChatApi = ReturnType<typeof chatApi>;
