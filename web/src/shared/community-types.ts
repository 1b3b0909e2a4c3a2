// The communities API's shapes as the web apps read them (server/src/modules/community/schemas.ts).

export type CommunityPlatform = "builtin" | "wechat" | "wecom" | "qq" | "other";
export type CommunityPurpose = "marketing" | "content" | "service";

export type Community = {
  id: string;
  name: string;
  purpose: CommunityPurpose;
  platform: CommunityPlatform;
  audience: { kind: "segment" | "layer"; id: string } | null;
  capacity: number | null;
  memberCount: number;
  ownerStaffId: string | null;
  joinUrl: string | null;
  hasJoinQr: boolean;
  joinQrExpiresAt: string | null;
  joinQrState: "none" | "ok" | "expiring" | "expired";
  rules: string;
  welcomeMessage: string;
  welcomePoints: number | null;
  welcomeCouponTemplateId: string | null;
  monthlyGmvTarget: number | null;
  status: "active" | "archived";
  createdAt: string;
  updatedAt: string;
};

export type CommunityInput = Partial<
  Pick<
    Community,
    | "name"
    | "purpose"
    | "platform"
    | "audience"
    | "capacity"
    | "ownerStaffId"
    | "joinUrl"
    | "rules"
    | "welcomeMessage"
    | "welcomePoints"
    | "welcomeCouponTemplateId"
    | "monthlyGmvTarget"
    | "status"
  >
>;

export type CommunityMember = {
  customerId: string;
  name: string | null;
  phone: string | null;
  status: "joined" | "left" | "removed";
  source: string;
  rulesAcceptedAt: string | null;
  joinedAt: string;
};

export type Welcome = {
  message: string;
  points: number | null;
  couponIds: string[];
  couponRefusal: string | null;
};

export type JoinOutcome = {
  communityId: string;
  customerId: string;
  joined: boolean;
  memberCount: number;
  welcome: Welcome | null;
};

export type ImportReport = {
  joined: number;
  alreadyMembers: number;
  unknownPhones: number;
  invalidPhones: number;
  full: number;
  rows: {
    line: number;
    phone: string;
    outcome: "joined" | "already_member" | "unknown_phone" | "invalid_phone" | "community_full";
    customerId: string | null;
  }[];
};

export type QrReminder = {
  communityId: string;
  name: string;
  platform: CommunityPlatform;
  ownerStaffId: string | null;
  joinQrExpiresAt: string;
  expired: boolean;
};

export type CommunityInvitation = {
  id: string;
  communityId: string;
  communityName: string;
  customerId: string;
  status: "pending" | "accepted" | "dismissed";
  reason: string;
  createdAt: string;
  respondedAt: string | null;
};

export type CommunityHealth = {
  communityId: string;
  timeZone: string;
  from: string;
  to: string;
  members: number;
  capacity: number | null;
  joinsAndLeaves: { date: string; joins: number; leaves: number }[];
  activeMembers7d: number;
  activeFrom: string[];
  messagesPerDay: { date: string; messages: number }[];
  posts: { total: number; promotional: number };
  promotionalShare: number;
  month: { month: string; orders: number; gmv: number; target: number | null; progress: number | null };
  ordersByDay: { date: string; orders: number; gmv: number }[];
};

export type MemberCommunity = {
  id: string;
  name: string;
  purpose: CommunityPurpose;
  platform: CommunityPlatform;
  memberCount: number;
  capacity: number | null;
  full: boolean;
  rules: string;
  welcomeMessage: string;
  welcomePoints: number | null;
  hasWelcomeCoupon: boolean;
  joinUrl: string | null;
  hasJoinQr: boolean;
  joinQrExpired: boolean;
  chatPath: string | null;
  membership: "joined" | "left" | "removed" | null;
  rulesAcceptedAt: string | null;
  canJoin: boolean;
  welcome: Welcome | null;
};

export type MemberCommunityHome = {
  mine: MemberCommunity[];
  open: MemberCommunity[];
  invitations: CommunityInvitation[];
  teasers: {
    id: string;
    name: string;
    layerName: string;
    welcomeMessage: string;
    welcomePoints: number | null;
    hasWelcomeCoupon: boolean;
  }[];
};
