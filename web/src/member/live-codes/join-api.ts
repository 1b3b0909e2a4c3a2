// The member page's slice of the live-code API (/api/m/{slug}/join/{code}).
import { apiRequest } from "../../shared/api";
import type { JoinLanding, JoinOutcome, JoinRequest } from "../../shared/live-code-types";

const writeHeaders = { "x-requested-with": "quanzi" };

export function joinApi(slug: string, liveCode: string) {
  const base = `/api/m/${encodeURIComponent(slug)}/join/${encodeURIComponent(liveCode)}`;
  return {
    landing: () => apiRequest<JoinLanding>("GET", base, { quietUnauthenticated: true }),
    join: (body: JoinRequest) =>
      apiRequest<JoinOutcome>("POST", base, { body, headers: writeHeaders, quietUnauthenticated: true }),
    targetQrUrl: `${base}/target-qr`,
  };
}
