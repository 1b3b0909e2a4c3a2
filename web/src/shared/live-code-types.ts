// The member live-code API's shapes as the web apps read them (server/src/modules/channels/schemas.ts:
// MemberLandingSchema, MemberTargetSchema, MemberJoinSchema; dates arrive as ISO strings).

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
