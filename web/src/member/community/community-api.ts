// The member page's slice of the communities API (/api/m/{slug}/communities…). Writes carry
// x-requested-with like every member write.
import { apiRequest } from "../../shared/api";
import type { JoinOutcome, MemberCommunity, MemberCommunityHome } from "../../shared/community-types";

const writeHeaders = { "x-requested-with": "quanzi" };

export function communityApi(slug: string) {
  const base = `/api/m/${encodeURIComponent(slug)}`;
  const post = <T>(path: string, body: unknown = {}, query?: Record<string, string | undefined>) =>
    apiRequest<T>("POST", `${base}${path}`, { body, query, headers: writeHeaders });
  return {
    home: () => apiRequest<MemberCommunityHome>("GET", `${base}/communities`),
    community: (id: string, source?: string) =>
      apiRequest<MemberCommunity>("GET", `${base}/communities/${id}`, { query: { source } }),
    qrUrl: (id: string) => `${base}/communities/${id}/join-qr`,
    join: (id: string, acceptRules: boolean, source?: string) =>
      post<JoinOutcome>(`/communities/${id}/join`, { acceptRules }, { source }),
    confirmJoined: (id: string, acceptRules: boolean, source?: string) =>
      post<JoinOutcome>(`/communities/${id}/confirm-joined`, { acceptRules }, { source }),
    leave: (id: string) => post<{ left: boolean }>(`/communities/${id}/leave`),
    acceptInvitation: (id: string, acceptRules: boolean) =>
      post<JoinOutcome>(`/community-invitations/${id}/accept`, { acceptRules }),
    dismissInvitation: (id: string) => post<{ dismissed: boolean }>(`/community-invitations/${id}/dismiss`),
  };
}
