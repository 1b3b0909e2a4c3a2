// The member page's slice of the live-code API (/api/m/{slug}/join/{code}).
import { apiRequest } from "../../shared/api";

export type JoinLanding = {
  shopName: string;
  name: string;
  welcomeMessage: string;
  active: boolean;
  asksWhereabouts: boolean;
  cities: string[];
};

export type JoinTarget =
  | {
      kind: "community";
      communityId: string;
      name: string;
      platform: string;
      joinUrl: string | null;
      hasQrImage: boolean;
      qrExpiresAt: string | null;
    }
  | { kind: "staff"; staffId: string; name: string; hasQrImage: boolean; qrExpiresAt: string | null };

export type JoinOutcome = {
  customerId: string;
  newMember: boolean;
  sticky: boolean;
  allFull: boolean;
  welcomeMessage: string;
  gift: { points: number; couponIssued: boolean };
  target: JoinTarget | null;
};

export type JoinRequest = {
  phone?: string;
  code?: string;
  latitude?: number;
  longitude?: number;
  city?: string;
};

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
