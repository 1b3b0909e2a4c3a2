// The console's slice of the live-code API (docs/api.md, /api/v1/live-codes…). Money in 分.

export const liveCodeKinds = ["store", "flyer", "partner", "online", "holiday", "other"] as const;
export type LiveCodeKind = (typeof liveCodeKinds)[number];
export const routingStrategies = [
  "fill",
  "round_robin",
  "least_loaded",
  "random",
  "schedule",
  "store",
] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];
export type WindowPick = "fill" | "round_robin" | "least_loaded" | "random";

export type LiveCodeStats = {
  scans: number;
  uniqueScanners: number;
  joins: number;
  newMembers: number;
  firstOrders: number;
  revenue: number;
  costPerJoin: number | null;
};

export type LiveCodeListItem = {
  id: string;
  code: string;
  path: string;
  name: string;
  kind: LiveCodeKind;
  strategy: RoutingStrategy;
  cost: number;
  status: "active" | "archived";
  targetCount: number;
  createdAt: string;
  stats: LiveCodeStats;
};

export type LiveCodeTarget = {
  id: string;
  kind: "community" | "staff";
  communityId: string | null;
  staffId: string | null;
  name: string;
  role: "primary" | "backup";
  windowId: string | null;
  storeId: string | null;
  position: number;
  capacity: number | null;
  assigned: number;
  dailyLimit: number | null;
  assignedToday: number;
  enabled: boolean;
  available: boolean;
};

export type LiveCodeWindow = {
  id: string;
  weekdays: number[];
  startMinute: number;
  endMinute: number;
  pick: WindowPick;
};

export type LiveCode = Omit<LiveCodeListItem, "targetCount" | "stats"> & {
  storeId: string | null;
  tagIds: string[];
  welcomeMessage: string;
  welcomePoints: number | null;
  welcomeCouponTemplateId: string | null;
  warnPercent: number;
  windows: LiveCodeWindow[];
  targets: LiveCodeTarget[];
};

export type LiveCodeInput = {
  name: string;
  kind: LiveCodeKind;
  strategy: RoutingStrategy;
  cost: number;
  tagIds: string[];
  welcomeMessage: string;
  welcomePoints: number | null;
  warnPercent: number;
  windows: {
    key: string;
    id?: string;
    weekdays: number[];
    startMinute: number;
    endMinute: number;
    pick: WindowPick;
  }[];
  targets: {
    id?: string;
    kind: "community" | "staff";
    communityId?: string | null;
    staffId?: string | null;
    role: "primary" | "backup";
    windowKey?: string | null;
    storeId?: string | null;
    capacity?: number | null;
    dailyLimit?: number | null;
    enabled: boolean;
  }[];
};

export type TargetOptions = {
  communities: { id: string; name: string; platform: string; capacity: number | null; memberCount: number }[];
  staff: { id: string; name: string; role: string }[];
  stores: { id: string; name: string; city: string | null }[];
};

export type LiveCodeWarning = {
  kind: "nearly_full" | "qr_expiring";
  liveCodeId: string;
  liveCodeName: string;
  targetId: string;
  targetName: string;
  targetKind: "community" | "staff";
  assigned?: number;
  capacity?: number;
  expiresAt?: string;
};

export type KindComparison = LiveCodeStats & { kind: LiveCodeKind; codes: number; cost: number };

export type StaffCard = { staffId: string; onDuty: boolean; hasQrImage: boolean; qrExpiresAt: string | null };
