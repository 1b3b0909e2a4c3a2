// The API contract as the web apps see it (docs/api.md, /api/openapi.json). Money is integer 分, times ISO 8601.

export type Page<T> = { data: T[]; nextCursor: string | null };
export type List<T> = { data: T[] };

export type StaffRole = "owner" | "manager" | "operator" | "clerk";
export const staffRoles: StaffRole[] = ["owner", "manager", "operator", "clerk"];

export type Permission =
  | "customers:read"
  | "customers:write"
  | "orders:read"
  | "orders:write"
  | "orders:refund"
  | "imports:run"
  | "stores:manage"
  | "staff:manage"
  | "apikeys:manage"
  | "settings:manage"
  | "dashboard:read"
  | "audit:read"
  | "jobs:read"
  | "insight:read"
  | "insight:manage"
  | "tags:manage"
  | "segments:manage"
  | "loyalty:read"
  | "loyalty:manage"
  | "wallet:write"
  | "points:adjust"
  | "mall:verify"
  | "promotions:read"
  | "promotions:manage"
  | "checkout:write"
  | "coupon:verify"
  | "community:manage"
  | "links:read"
  | "links:manage"
  | "channels:manage";

export type Locale = "zh-CN" | "en";

export type MeMerchant = {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  locale: Locale;
};

/** The signed-in staff member; merchant and role are null when no shop of theirs is active (all disabled). */
export type Me = {
  user: { id: string; name: string; email: string | null; phone: string | null; locale: string | null };
  merchant: MeMerchant | null;
  role: StaffRole | null;
  permissions: Permission[];
  csrfToken: string;
  merchants: { id: string; slug: string; name: string; role: StaffRole }[];
};

/** A session acting for one shop: what every console page inside the layout works with. */
export type ShopMe = Me & { merchant: MeMerchant; role: StaffRole };

export function hasShop(me: Me): me is ShopMe {
  return me.merchant !== null && me.role !== null;
}

export type SetupStatus = { needsSetup: boolean };
export type SetupInput = {
  shop: { name: string; slug: string; timeZone?: string; locale?: Locale };
  owner: { name: string; email: string; password: string };
};
export type DemoResult = { merchantSlug: string; login: { email: string; password: string } };

export type InvitationInfo = {
  email: string;
  name: string | null;
  role: StaffRole;
  merchantName: string;
  hasAccount: boolean;
};

export type Gender = "male" | "female" | "other" | "unknown";

export type Customer = {
  id: string;
  name: string | null;
  phone: string | null;
  externalId: string | null;
  email: string | null;
  gender: Gender | null;
  birthday: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  occupation: string | null;
  sourceChannel: string | null;
  note: string | null;
  attributes: Record<string, unknown>;
  joinedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type CustomerInput = Partial<{
  name: string | null;
  phone: string | null;
  externalId: string | null;
  email: string | null;
  gender: Gender | null;
  birthday: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  occupation: string | null;
  note: string | null;
}>;

export type CustomerIdentity = { kind: string; value: string; createdAt: string };
export type CustomerSummary = {
  orderCount: number;
  totalSpent: number;
  refundedAmount: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
};
export type CustomerDetail = Customer &
  CustomerInsight & { identities: CustomerIdentity[]; summary: CustomerSummary };
/** A customer in lists: the profile with its purchase metrics and RFM. */
export type CustomerListItem = Customer & CustomerInsight;

export type CustomerEvent = {
  id: string;
  customerId: string | null;
  type: string;
  properties: Record<string, unknown>;
  occurredAt: string;
  source: string;
};

export type OrderStatus = "completed" | "partially_refunded" | "refunded" | "cancelled";

export type OrderItem = {
  lineNo: number;
  sku: string;
  name: string;
  category: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
  total: number;
  refundedQuantity: number;
  refundedAmount: number;
};

export type Refund = {
  id: string;
  externalId: string | null;
  amount: number;
  reason: string | null;
  lines: { lineNo: number; quantity: number; amount: number }[];
  refundedAt: string;
};

export type Order = {
  id: string;
  externalId: string;
  customerId: string | null;
  customer: { id: string; name: string | null; phone: string | null } | null;
  storeId: string | null;
  store: { id: string; code: string; name: string } | null;
  placedAt: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  refundedAmount: number;
  itemCount: number;
  source: string;
  note: string | null;
  createdAt: string;
  items: OrderItem[];
  refunds: Refund[];
};

export type RefundInput = {
  externalId?: string;
  lines?: { lineNo: number; quantity: number }[];
  amount?: number;
  reason?: string;
};

export type DashboardDay = {
  date: string;
  orders: number;
  gmv: number;
  newCustomers: number;
  /** Rolling: customers on the books at the end of the day; active = an order in the 30 local days ending on it. */
  liveCustomers: number;
  activeCustomers: number;
  repeatCustomers: number;
  activeRate: number;
  repurchaseRate: number;
};
export type CategoryFigures = { category: string | null; orders: number; gmv: number };

/** Figures for whole local days from..to (inclusive) in the shop's time zone; money in 分, repurchaseRate 0..1. */
export type Dashboard = {
  from: string;
  to: string;
  timeZone: string;
  customers: number;
  newCustomers: number;
  orders: number;
  gmv: number;
  refunded: number;
  averageOrderValue: number;
  buyers: number;
  repurchaseRate: number;
  activity: DashboardActivity;
  rfm: DashboardRfm;
  layers: DashboardLayer[];
  daily: DashboardDay[];
  topCategories: CategoryFigures[];
};

// Customer insight screens: customer 360, layers, insight settings, dashboard additions (web2).

export type DashboardActivity = {
  windowDays: number;
  liveCustomers: number;
  activeCustomers: number;
  repeatCustomers: number;
  activeRate: number;
  repurchaseRate: number;
};
export type RfmClass =
  | "important_value"
  | "important_develop"
  | "important_keep"
  | "important_retain"
  | "general_value"
  | "general_develop"
  | "general_keep"
  | "general_retain";
/** Customers per layer: at the end of the period's last day, and at the end of each day (in the order of daily). */
export type DashboardLayer = {
  id: string;
  name: string;
  nameEn: string | null;
  position: number | null;
  customers: number;
  daily: number[];
};
export type DashboardRfm = { asOf: string | null; classes: { class: RfmClass; customers: number }[] };

export type CustomerCategoryMetrics = { category: string; orderCount: number; spent: number };
/** Money in 分; days since the last order in whole local days of the shop. */
export type CustomerMetrics = {
  orderCount: number;
  totalSpent: number;
  refundedAmount: number;
  netSpent: number;
  averageOrderValue: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  daysSinceLastOrder: number | null;
  storesVisited: number;
  favouriteCategory: string | null;
  categories: CustomerCategoryMetrics[];
};
export type CustomerRfm = {
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  class: RfmClass;
  classLabel: string;
  asOf: string;
};
export type CustomerInsight = { metrics: CustomerMetrics; rfm: CustomerRfm | null };

export type TagActor = { type: string; id: string | null; name: string | null };
export type CustomerTag = {
  tagId: string;
  name: string;
  color: string;
  groupId: string | null;
  kind: "manual" | "rule";
  source: "manual" | "rule";
  reason: string | null;
  ruleVersion: number | null;
  addedAt: string;
  addedBy: TagActor;
};
export type TagHistoryEntry = {
  id: number;
  tagId: string;
  tagName: string;
  action: "added" | "removed";
  source: "manual" | "rule";
  reason: string | null;
  ruleVersion: number | null;
  occurredAt: string;
  by: TagActor;
};

export type RfmSettings = {
  windowDays: number | null;
  referenceMode: "today" | "fixed" | "after_last_order";
  referenceDate: string | null;
  scoringMode: "quintile" | "cutoffs";
  cutoffs: RfmCutoffs | null;
};
export type RfmCutoffs = {
  recency: [number, number, number, number];
  frequency: [number, number, number, number];
  monetary: [number, number, number, number];
};
export type InsightSettings = { rfm: RfmSettings; updatedAt: string | null };
export type JobStatus = {
  id: string;
  name: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  attempts: number;
  progress: { done: number; total: number | null } | null;
  result: unknown;
  lastError: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type Layer = {
  id: string;
  position: number;
  name: string;
  nameEn: string;
  rule: Record<string, unknown> | null;
  isDefault: boolean;
  customerCount: number;
};
export type LayerPreview = {
  data: { id: string | null; name: string; nameEn: string; count: number }[];
  total: number;
  timeZone: string;
  tookMs: number;
};
export type LayerSaved = { data: Layer[]; reevaluateJobId: number };
export type LayerFlowNode = { id: string; name: string; nameEn: string | null; position: number | null };
export type LayerFlowCell = { fromLayerId: string | null; toLayerId: string | null; count: number };
export type LayerFlowTotal = { layerId: string | null; count: number };
export type LayerFlow = {
  from: string;
  to: string;
  fromAt: string;
  toAt: string;
  timeZone: string;
  layers: LayerFlowNode[];
  matrix: LayerFlowCell[];
  totals: {
    customers: number;
    stayed: number;
    moved: number;
    atFrom: LayerFlowTotal[];
    atTo: LayerFlowTotal[];
  };
};
export type LayerMove = {
  fromLayerId: string | null;
  fromName: string | null;
  toLayerId: string | null;
  toName: string | null;
  reason: "rule" | "reconcile" | "merge" | "settings";
  movedAt: string;
};
export type CustomerLayer = {
  current: { layerId: string; name: string; nameEn: string; enteredAt: string } | null;
  moves: LayerMove[];
};
// End of customer insight screens (web2).

export type Store = {
  id: string;
  code: string;
  name: string;
  city: string | null;
  address: string | null;
  phone: string | null;
  /** For live codes routing to the nearest store. */
  latitude: number | null;
  longitude: number | null;
  createdAt: string;
};
export type StoreInput = {
  code: string;
  name: string;
  city?: string | null;
  address?: string | null;
  phone?: string | null;
  latitude?: number | null;
  longitude?: number | null;
};

export type Staff = {
  id: string;
  userId: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: StaffRole;
  status: "active" | "disabled";
  storeId: string | null;
  createdAt: string;
};

export type Invitation = {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};
export type CreatedInvitation = Invitation & { acceptUrl: string };

export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type CreatedApiKey = { key: string; apiKey: ApiKey };

export type Settings = { name: string; slug: string; timeZone: string; currency: string; locale: Locale };

export type AuditEntry = {
  id: string;
  actorType: string;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  ip: string | null;
  createdAt: string;
};

export type ImportKind = "orders" | "customers";
export type ImportStatus = "uploaded" | "queued" | "running" | "succeeded" | "failed";

export type Import = {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  createdCount: number;
  skippedCount: number;
  errorCount: number;
  summary: Record<string, unknown>;
  mapping: Record<string, string>;
  jobId: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type ImportPreview = {
  headers: string[];
  rows: string[][];
  suggestedMapping: Record<string, string>;
  fields: string[];
};
export type UploadedImport = { import: Import; preview: ImportPreview };
export type ImportRowError = { rowNo: number; message: string; raw: unknown };

// Customer insight (issue 3): the condition language, tags, segments and personas.

export type Labels = { "zh-CN": string; en: string };
export type InsightFieldType = "number" | "money" | "string" | "enum" | "date" | "timestamp" | "boolean";
export type FieldOperator =
  | "eq"
  | "ne"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "between"
  | "in"
  | "notIn"
  | "contains"
  | "startsWith"
  | "isSet"
  | "isNotSet"
  | "inLastDays"
  | "inNextDays"
  | "beforeDaysAgo";
export type CountOperator = "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "between";

/** One field of the condition language as GET /api/v1/insight/fields describes it. */
export type InsightField = {
  name: string;
  type: InsightFieldType;
  source: "profile" | "metrics" | "rfm";
  label: Labels;
  operators: FieldOperator[];
  values?: { value: string; label: Labels }[];
  yearly?: boolean;
};

export type RuleScalar = string | number | boolean;
export type Comparison = { op: CountOperator; value: number | [number, number] };
export type FieldRule = { field: string; op: FieldOperator; value?: RuleScalar | RuleScalar[] };
export type PurchaseRule = {
  purchased: { category?: string | string[]; sku?: string | string[]; storeId?: string };
  count?: Comparison;
  spend?: Comparison;
  within?: { days: number };
};
export type EventRule = { event: string; count?: Comparison; within?: { days: number } };
export type TagRule = { tag: string; op: "has" | "notHas" };
export type LayerRule = { layer: string | string[]; op: "in" | "notIn" };
export type LeafRule = FieldRule | PurchaseRule | EventRule | TagRule | LayerRule;
/** A condition tree; the server validates it and names the path of a bad node (`all[1].any[0].value`). */
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | LeafRule;

/** details of a 400 invalid_rule. */
export type RuleIssue = { path: string; message: string };

export type PreviewCustomer = {
  id: string;
  name: string | null;
  phone: string | null;
  orderCount: number;
  netSpent: number;
  lastOrderAt: string | null;
};
export type RulePreview = { count: number; customers: PreviewCustomer[]; timeZone: string; tookMs: number };

export type TagKind = "manual" | "rule";
export type TagGroup = { id: string; name: string; sortOrder: number; createdAt: string; updatedAt: string };
export type Tag = {
  id: string;
  groupId: string | null;
  name: string;
  color: string;
  description: string | null;
  kind: TagKind;
  rule: Record<string, unknown> | null;
  ruleVersion: number;
  evaluatedAt: string | null;
  customerCount: number;
  createdAt: string;
  updatedAt: string;
};
export type TagHolder = {
  customerId: string;
  name: string | null;
  phone: string | null;
  source: TagKind;
  reason: string | null;
  addedAt: string;
};
export type TagPhonesResult = {
  matched: number;
  added: number;
  alreadyTagged: number;
  notFound: string[];
  invalid: string[];
};
export type TagCustomersResult = { added: number; alreadyTagged: number };

export type Segment = {
  id: string;
  name: string;
  description: string | null;
  rule: Record<string, unknown>;
  ruleVersion: number;
  memberCount: number;
  reconciledAt: string | null;
  createdAt: string;
  updatedAt: string;
};
export type SegmentMember = {
  id: string;
  name: string | null;
  phone: string | null;
  enteredAt: string;
  orderCount: number;
  totalSpent: number;
  netSpent: number;
  lastOrderAt: string | null;
};

export type PersonaSlice = { key: string | null; count: number };
export type PersonaCategory = { category: string; customers: number; orders: number; spent: number };
export type Persona = {
  customers: number;
  asOf: string;
  timeZone: string;
  gender: PersonaSlice[];
  ageBands: PersonaSlice[];
  regions: PersonaSlice[];
  rfmClasses: PersonaSlice[];
  orderCounts: PersonaSlice[];
  spend: PersonaSlice[];
  categories: PersonaCategory[];
};

// Member levels (会员等级): settings, the ladder, preview counts and a customer's standing.
export type GrowthBasis = "spend" | "points_earned" | "weighted";
export type GrowthWindow = "lifetime" | "rolling_12_months";
export type DowngradeSchedule = "monthly" | "quarterly" | "never";

export type LevelSettings = {
  growthBasis: GrowthBasis;
  /** Weighted basis: growth per ¥1 of net spend, in percent. */
  spendWeightPercent: number;
  /** Weighted basis: growth per point earned, in percent. */
  pointsWeightPercent: number;
  growthWindow: GrowthWindow;
  downgradeSchedule: DowngradeSchedule;
  protectionDays: number;
};

export type LevelRewardCoupon = { templateId: string; quantity: number };

/** A level of the ladder; threshold is 分 on the spend basis, points or growth points otherwise. */
export type MemberLevel = {
  id: string;
  position: number;
  name: string;
  nameEn: string;
  threshold: number;
  pointsMultiplierPercent: number;
  discountPercent: number;
  birthdayGiftPoints: number;
  freeGifts: string[];
  rewardPoints: number;
  rewardCoupon: LevelRewardCoupon | null;
  memberCount: number;
};

export type LevelConfig = {
  settings: LevelSettings;
  levels: MemberLevel[];
  configured: boolean;
  timeZone: string;
};

export type LevelSaved = LevelConfig & { reevaluateJobId: number };

export type LevelCount = {
  id: string | null;
  name: string;
  nameEn: string;
  threshold: number;
  count: number;
};
export type LevelCounts = { data: LevelCount[]; total: number; tookMs?: number };

export type LevelBrief = {
  id: string;
  name: string;
  nameEn: string;
  threshold: number;
  pointsMultiplierPercent: number;
  discountPercent: number;
  birthdayGiftPoints: number;
  freeGifts: string[];
};

export type CurrentLevel = LevelBrief & { since: string | null; protectedUntil: string | null };

export type LevelChange = {
  fromLevelId: string | null;
  fromName: string | null;
  toLevelId: string;
  toName: string;
  reason: "upgrade" | "downgrade" | "settings" | "manual";
  trigger: string | null;
  growth: number;
  actor: { type: string; name: string | null };
  changedAt: string;
};

/** Where a customer stands (GET /api/m/{slug}/level answers this without history). */
export type LevelStanding = {
  configured: boolean;
  growthBasis: GrowthBasis;
  growthWindow: GrowthWindow;
  growth: number;
  current: CurrentLevel | null;
  next: LevelBrief | null;
  missing: number;
};

export type CustomerLevel = LevelStanding & { history: LevelChange[] };

// Points mall (积分商城) and pickup verification (核销).
export type MallItemKind = "physical" | "service" | "coupon";

export type MallItem = {
  id: string;
  kind: MallItemKind;
  name: string;
  description: string | null;
  imageUrl: string | null;
  pointsPrice: number;
  /** 分, owed at pickup (no payment provider yet). */
  cashPrice: number;
  couponSpec: Record<string, unknown> | null;
  stock: number | null;
  perMemberLimit: number | null;
  validFrom: string | null;
  validUntil: string | null;
  pickupDays: number;
  active: boolean;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
};

export type AdminMallItem = MallItem & { exchangedUnits: number; awaitingUnits: number };

export type MallItemInput = {
  kind: MallItemKind;
  name: string;
  description?: string | null;
  imageUrl?: string | null;
  pointsPrice: number;
  cashPrice?: number;
  couponSpec?: Record<string, unknown> | null;
  stock?: number | null;
  perMemberLimit?: number | null;
  validFrom?: string | null;
  validUntil?: string | null;
  pickupDays?: number;
  active?: boolean;
  sortOrder?: number;
};

export type ExchangeStatus = "awaiting_pickup" | "verified" | "cancelled" | "expired";

export type MallExchange = {
  id: string;
  code: string;
  customerId: string;
  itemId: string;
  itemName: string;
  itemKind: MallItemKind;
  quantity: number;
  points: number;
  cashDue: number;
  status: ExchangeStatus;
  source: string;
  createdAt: string;
  expiresAt: string;
  verifiedAt: string | null;
  verifiedBy: { id: string | null; name: string | null } | null;
  verifiedStoreId: string | null;
  cancelledAt: string | null;
  cancelledBy: { type: string; id: string | null; name: string | null } | null;
  cancelReason: string | null;
};

export type StaffMallExchange = MallExchange & {
  customer: { id: string; name: string | null; phone: string | null } | null;
  verifiedStore: { id: string; code: string; name: string } | null;
  imageUrl: string | null;
};

// Daily check-in (签到有奖) and the new-member gift (新人礼).
export type CheckinCoupon = { templateId: string; quantity: number };

export type StreakReward = { day: number; points: number; coupon: CheckinCoupon | null };

export type CheckinMakeupRules = {
  enabled: boolean;
  costPoints: number;
  windowDays: number;
  monthlyLimit: number;
};

export type CheckinAfterCycle = "restart" | "keep_last";

export type CheckinSettings = {
  enabled: boolean;
  cycleDays: number;
  rewards: StreakReward[];
  afterCycle: CheckinAfterCycle;
  makeup: CheckinMakeupRules;
  updatedAt: string | null;
};

export type Checkin = {
  date: string;
  streak: number;
  points: number;
  coupon: CheckinCoupon | null;
  madeUp: boolean;
  makeupCostPoints: number;
  ledgerEntryId: string | null;
  createdAt: string;
};

export type CheckinReward = { scheduleDay: number; points: number; coupon: CheckinCoupon | null };

export type CheckinCalendar = {
  enabled: boolean;
  month: string;
  today: string;
  checkedInToday: boolean;
  streak: number;
  days: Checkin[];
  todayReward: CheckinReward;
  nextReward: CheckinReward;
  schedule: { cycleDays: number; rewards: StreakReward[]; afterCycle: CheckinAfterCycle };
  makeup: CheckinMakeupRules & { usedThisMonth: number; earliestDate: string };
  pointsAvailable: number;
};

export type CheckinResult = { checkin: Checkin; pointsAvailable: number };

export type WelcomeGiftTrigger = "first_login" | "first_order" | "channel";

export type GiftItem = { name: string; quantity: number };

export type WelcomeGiftSettings = {
  enabled: boolean;
  triggers: WelcomeGiftTrigger[];
  channels: string[];
  points: number;
  items: GiftItem[];
  coupon: CheckinCoupon | null;
  updatedAt: string | null;
};

export type WelcomeGift = {
  customerId: string;
  trigger: WelcomeGiftTrigger;
  channel: string | null;
  points: number;
  items: GiftItem[];
  coupon: CheckinCoupon | null;
  ledgerEntryId: string | null;
  grantedAt: string;
};

export type GrantedWelcomeGift = WelcomeGift & { customerName: string | null; customerPhone: string | null };
// End of check-in and new-member gift.

// Points (积分) and stored value (储值): the two wallets on the loyalty ledger.
export type PointsExpiry = { kind: "none" } | { kind: "months"; months: number } | { kind: "year_end" };

export type StoredValueBonusOrder = "principal_first" | "pro_rata";

export type LoyaltySettings = {
  pointsPendingDays: number;
  pointsExpiry: PointsExpiry;
  allowNegativePoints: boolean;
  profileCompletionPoints: number;
  storedValueBonusOrder: StoredValueBonusOrder;
  timeZone: string;
};

export type LoyaltySettingsChange = Partial<Omit<LoyaltySettings, "timeZone">>;

export type EarnRuleScope = "shop" | "category" | "store";

export type EarnRule = {
  id: string;
  scope: EarnRuleScope;
  category: string | null;
  storeId: string | null;
  /** 分 per step: 100 = every ¥1. */
  stepAmount: number;
  pointsPerStep: number;
  active: boolean;
};

export type EarnRuleInput = Omit<EarnRule, "id">;

export type ExpiringPoints = { amount: number; expiresAt: string };

export type WalletBalance = {
  balance: number;
  available: number;
  pending: number;
  debt: number;
  lifetimeEarned: number;
  expiringSoon: ExpiringPoints[];
};

export type LedgerEntryKind =
  | "earn"
  | "spend"
  | "expire"
  | "clawback"
  | "adjust"
  | "reversal"
  | "withdraw"
  | "transfer";

export type LedgerReason = { code: string; zh: string; en: string };

export type LedgerActor = { type: string; id: string | null; name: string | null };

/** A member's view of their own entry (no staff note, no staff name). */
export type MemberLedgerEntry = {
  id: string;
  customerId: string;
  wallet: "points" | "stored_value";
  kind: LedgerEntryKind;
  amount: number;
  shortfall: number;
  balanceAfter: number;
  reason: LedgerReason;
  source: string;
  sourceRef: string | null;
  reversesEntryId: string | null;
  createdAt: string;
};

export type LedgerEntry = MemberLedgerEntry & { note: string | null; actor: LedgerActor };

export type LedgerResult = { entry: LedgerEntry; replayed: boolean; balance: WalletBalance };
export type StoredValueBalance = WalletBalance & { principal: number; bonus: number };

export type TopupBonusRule = { id: string; minAmount: number; bonusAmount: number; active: boolean };

export type TopupBonusRuleInput = Omit<TopupBonusRule, "id">;

export type PaymentMethod = "cash" | "wechat" | "alipay" | "card" | "other";

export type StoredValueTopup = {
  id: string;
  customerId: string;
  amount: number;
  bonus: number;
  paymentMethod: PaymentMethod;
  storeId: string | null;
  reference: string | null;
  note: string | null;
  status: "completed" | "refunded";
  refundedPrincipal: number | null;
  withdrawnBonus: number | null;
  refundedAt: string | null;
  actorType: string;
  actorName: string | null;
  createdAt: string;
};

export type TopupInput = {
  amount: number;
  paymentMethod: PaymentMethod;
  storeId?: string;
  reference?: string;
  note?: string;
};

export type TopupResult = { topup: StoredValueTopup; balance: StoredValueBalance; replayed: boolean };
// End of points and stored value.

// Coupons (promotions): templates, issuing, code batches, triggers, quotes and redemptions.
export type CouponKind = "amount_off" | "percent_off" | "threshold" | "first_order" | "gift" | "exchange";
export const couponKinds: CouponKind[] = [
  "amount_off",
  "percent_off",
  "threshold",
  "first_order",
  "gift",
  "exchange",
];
export type StackingGroup = "exchange" | "item" | "category" | "order" | "gift";
export const stackingGroups: StackingGroup[] = ["exchange", "item", "category", "order", "gift"];
export type CouponScope = {
  storeIds?: string[];
  includeCategories?: string[];
  excludeCategories?: string[];
  includeSkus?: string[];
  excludeSkus?: string[];
};
export type CouponSchedule = { weekdays?: number[]; hours?: { from: string; to: string } };
type CouponRuleCommon = {
  minSpend?: number;
  scope?: CouponScope;
  schedule?: CouponSchedule;
  stacking?: { exclusive: boolean; group: StackingGroup };
};
export type CouponRule = CouponRuleCommon &
  (
    | { kind: "amount_off"; amountOff: number }
    | { kind: "percent_off"; percentOff: number; maxDiscount?: number }
    | { kind: "threshold"; tiers: { minSpend: number; amountOff: number }[] }
    | { kind: "first_order"; amountOff?: number; percentOff?: number; maxDiscount?: number }
    | { kind: "gift"; gift: { sku: string; name: string; quantity: number; unitPrice: number } }
    | { kind: "exchange"; exchangeSku: string; exchangeQuantity?: number; maxDiscount?: number }
  );
export type CouponValidity =
  | { type: "fixed"; validFrom?: string | null; validUntil: string }
  | { type: "days_after_issue"; days: number };
export type CouponAudience =
  | { kind: "segment"; id: string }
  | { kind: "layer"; id: string }
  | { kind: "levels"; ids: string[] };
export type CouponTemplateStatus = "active" | "paused" | "ended";
export type CouponTemplate = {
  id: string;
  name: string;
  description: string | null;
  rule: CouponRule;
  summary: string;
  validity: CouponValidity;
  stock: number | null;
  issued: number;
  remaining: number | null;
  perCustomerLimit: number | null;
  budget: number | null;
  spent: number;
  audience: CouponAudience | null;
  claimable: boolean;
  status: CouponTemplateStatus;
  createdAt: string;
  updatedAt: string;
};
export type CouponTemplateInput = {
  name: string;
  description?: string | null;
  rule: CouponRule;
  validity: CouponValidity;
  stock?: number | null;
  perCustomerLimit?: number | null;
  budget?: number | null;
  audience?: CouponAudience | null;
  claimable?: boolean;
  status?: CouponTemplateStatus;
};
export type IssuedCoupon = {
  id: string;
  templateId: string;
  templateName: string;
  summary: string;
  customerId: string | null;
  code: string;
  codeDisplay: string;
  status: "available" | "reserved" | "redeemed" | "expired" | "void";
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  source: string;
  batchId: string | null;
  redeemedAt: string | null;
};
export type CouponIssueResult = {
  results: { customerId: string; issued: boolean; reason: string | null; coupons: IssuedCoupon[] }[];
};
export type CouponTriggerEvent = "welcome_gift" | "level_up" | "birthday" | "checkin";
export const couponTriggerEvents: CouponTriggerEvent[] = ["welcome_gift", "level_up", "birthday", "checkin"];
export type CouponTrigger = {
  id: string;
  eventType: CouponTriggerEvent;
  templateId: string;
  quantity: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};
export type CouponBatch = {
  id: string;
  templateId: string;
  name: string;
  quantity: number;
  generated: number;
  status: "queued" | "running" | "ready" | "failed";
  jobId: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
};
export type CouponBulkIssue = {
  id: string;
  templateId: string;
  segmentId: string;
  quantity: number;
  status: "queued" | "running" | "succeeded" | "failed" | "stopped";
  total: number | null;
  processed: number;
  issued: number;
  skipped: number;
  stopReason: string | null;
  jobId: string | null;
  lastError: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};
export type CartLineInput = {
  lineId?: string;
  sku: string;
  category?: string | null;
  quantity: number;
  unitPrice: number;
};
export type PricedLine = {
  lineId: string;
  sku: string;
  category: string | null;
  quantity: number;
  unitPrice: number;
  amount: number;
  discount: number;
  netAmount: number;
};
export type QuoteGift = {
  couponId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: 0;
  value: number;
};
export type CouponRejection = {
  couponId: string | null;
  code: string;
  templateId: string | null;
  reason: { code: string; [detail: string]: unknown };
  message: { zhCN: string; en: string };
};
export type AppliedCoupon = {
  couponId: string;
  code: string;
  templateId: string;
  kind: CouponKind;
  group: StackingGroup;
  discount: number;
  giftValue: number;
  shares: { lineId: string; amount: number }[];
};
export type Quote = {
  lines: PricedLine[];
  gifts: QuoteGift[];
  applied: AppliedCoupon[];
  rejected: CouponRejection[];
  totals: { before: number; discount: number; after: number; giftValue: number };
};
export type RedemptionStatus = "redeemed" | "rolled_back";
export type RedemptionSummary = {
  id: string;
  status: RedemptionStatus;
  customerId: string | null;
  storeId: string | null;
  orderRef: string | null;
  subtotal: number;
  discount: number;
  total: number;
  giftValue: number;
  redeemedAt: string;
  rolledBackAt: string | null;
  codes: string[];
};
export type RedemptionCoupon = {
  couponId: string;
  templateId: string;
  code: string;
  kind: string;
  discount: number;
  giftValue: number;
  shares: { lineId: string; amount: number }[];
};
export type Redemption = Omit<RedemptionSummary, "codes"> & {
  reservationId: string | null;
  lines: PricedLine[];
  gifts: Omit<QuoteGift, "unitPrice">[];
  coupons: RedemptionCoupon[];
};
// End of coupons.
// Promotions: flash sales (限时抢购).
export type FlashSaleAudience =
  | { kind: "segment"; id: string }
  | { kind: "layer"; id: string }
  | { kind: "levels"; ids: string[] };
export type FlashSaleStatus = "active" | "paused";
export type FlashSalePhase = "upcoming" | "running" | "ended";
export type FlashSale = {
  id: string;
  name: string;
  sku: string;
  itemName: string;
  imageUrl: string | null;
  originalPrice: number;
  price: number;
  stock: number;
  sold: number;
  held: number;
  left: number;
  perMemberLimit: number | null;
  audience: FlashSaleAudience | null;
  startsAt: string;
  endsAt: string;
  paymentMinutes: number;
  status: FlashSaleStatus;
  phase: FlashSalePhase;
  createdAt: string;
  updatedAt: string;
};
export type FlashSaleList = { now: string; data: FlashSale[] };
export type FlashSaleInput = {
  name: string;
  sku: string;
  itemName: string;
  imageUrl?: string | null;
  originalPrice: number;
  price: number;
  stock: number;
  perMemberLimit?: number | null;
  audience?: FlashSaleAudience | null;
  startsAt: string;
  endsAt: string;
  paymentMinutes?: number;
  status?: FlashSaleStatus;
};
export type FlashPurchaseStatus = "held" | "confirmed" | "released";
export type FlashSalePurchase = {
  id: string;
  saleId: string;
  customerId: string;
  code: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  status: FlashPurchaseStatus;
  holdUntil: string;
  createdAt: string;
  confirmedAt: string | null;
  releasedAt: string | null;
  releaseReason: "cancelled" | "expired" | null;
  settledBy: { type: string; id: string | null; name: string | null } | null;
  saleName: string;
  itemName: string;
  imageUrl: string | null;
  customer: { id: string; name: string | null; phone: string | null } | null;
};
// End of flash sales.

// Coupons on the member page (我的优惠券, 领券中心) and the counter's coupon verification (核销).
export type MemberCouponStatus = "available" | "reserved" | "redeemed" | "expired" | "void";
/** What the member page and the counter read of a coupon's rule (the console's editor has the full type). */
export type CouponRuleView = {
  kind: "amount_off" | "percent_off" | "threshold" | "first_order" | "gift" | "exchange";
  minSpend: number;
  amountOff?: number;
  percentOff?: number;
  maxDiscount?: number;
  tiers?: { minSpend: number; amountOff: number }[];
  gift?: { sku: string; name: string; quantity: number; unitPrice: number };
  exchangeSku?: string;
  exchangeQuantity?: number;
  scope: {
    storeIds?: string[];
    includeCategories?: string[];
    excludeCategories?: string[];
    includeSkus?: string[];
    excludeSkus?: string[];
  };
  schedule?: { weekdays?: number[]; hours?: { from: string; to: string } };
  stacking: { exclusive: boolean; group: string };
};
export type MemberCoupon = {
  id: string;
  templateId: string;
  templateName: string;
  summary: string;
  code: string;
  codeDisplay: string;
  status: MemberCouponStatus;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  redeemedAt: string | null;
  rule: CouponRuleView;
  description: string | null;
};
export type CouponCentreItem = {
  id: string;
  name: string;
  description: string | null;
  summary: string;
  rule: CouponRuleView;
  validity:
    | { type: "fixed"; validFrom?: string | null; validUntil: string }
    | { type: "days_after_issue"; days: number };
  remaining: number | null;
  myRemaining: number | null;
  claimed: number;
  available: boolean;
  unavailableReason: "sold_out" | "limit_reached" | null;
};
export type VerifyCouponView = Omit<MemberCoupon, "rule"> & {
  customerId: string | null;
  source: string;
  batchId: string | null;
};
export type VerifyCustomer = { id: string; name: string | null; phone: string | null };
export type VerifyRejection = {
  couponId: string | null;
  code: string;
  templateId: string | null;
  reason: { code: string; [detail: string]: unknown };
  message: { zhCN: string; en: string };
};
export type VerifyQuote = {
  amount: number;
  applicable: boolean;
  discount: number;
  payable: number;
  giftValue: number;
  gifts: { sku: string; name: string; quantity: number }[];
  rejection: VerifyRejection | null;
};
export type CouponVerifyLookup = {
  coupon: VerifyCouponView;
  customer: VerifyCustomer | null;
  quote: VerifyQuote | null;
};
export type VerifyRedemption = {
  id: string;
  storeId: string | null;
  subtotal: number;
  discount: number;
  total: number;
  giftValue: number;
  gifts: { sku: string; name: string; quantity: number }[];
  redeemedAt: string;
};
export type CouponVerifyResult = {
  coupon: VerifyCouponView;
  customer: VerifyCustomer | null;
  redemption: VerifyRedemption;
};
// End of member coupons and coupon verification.
// Coupon reports (promotions): per template, campaign, store or day.
export type CouponReportGrouping = "template" | "campaign" | "store" | "day";
export type CouponReportTotals = {
  /** Null when grouped by store (a coupon is issued to no store). */
  issued: number | null;
  claimed: number | null;
  redeemed: number;
  rolledBack: number;
  /** 分 */
  discount: number;
  /** 分: what the checkouts that used them came to after the discount. */
  gmv: number;
  redemptionRate: number | null;
  roi: number | null;
};
export type CouponReportRow = CouponReportTotals & {
  /** Template id, campaign (batch:<id>, bulk:<id> or a channel), store id ("" = none) or local date. */
  key: string;
  label: string;
  templateId: string | null;
};
export type CouponReport = {
  from: string;
  to: string;
  timeZone: string;
  groupBy: CouponReportGrouping;
  rows: CouponReportRow[];
  totals: CouponReportTotals;
};
// End of coupon reports.

// Messaging and the over-marketing guard (/api/v1/messaging, /api/m/{slug}/inbox).
export type MessageCategory = "promotional" | "service";
export type MessageStatus = "delivered" | "scheduled";
export type HoldReason = "quiet_hours" | "daily_cap" | "weekly_cap" | "community_daily_cap";
export type MessageCard = { kind: string; id: string };
export type MessagingSettings = {
  guardEnabled: boolean;
  dailyCap: number | null;
  weeklyCap: number | null;
  quietHours: { start: string; end: string } | null;
  communityDailyCap: number | null;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  timeZone: string;
  /** Answered once, when a secret is made. */
  webhookSecret?: string;
};
export type MessagingSettingsChange = Partial<
  Omit<MessagingSettings, "webhookSecretSet" | "timeZone" | "webhookSecret">
> & { rotateWebhookSecret?: boolean };
export type SendAudience = { kind: "customers"; ids: string[] } | { kind: "segment"; id: string };
export type ComposeInput = {
  category: MessageCategory;
  title: string;
  body: string;
  link?: string | null;
  card?: MessageCard | null;
  audience: SendAudience;
};
export type HeldCounts = Record<HoldReason, number>;
export type SendPreview = {
  recipients: number;
  sendNow: number;
  held: HeldCounts;
  firstHeldUntil: string | null;
  lastHeldUntil: string | null;
};
export type ComposeResult = {
  sendId: string;
  status: "queued" | "done";
  recipients: number;
  delivered: number;
  scheduled: number;
  held: HeldCounts;
};
export type MessageHold = { reason: HoldReason; until: string; text: { "zh-CN": string; en: string } };
export type OutboxMessage = {
  id: string;
  sendId: string;
  customerId: string;
  customerName: string | null;
  category: MessageCategory;
  status: MessageStatus;
  title: string;
  body: string;
  link: string | null;
  card: MessageCard | null;
  source: { kind: string; id: string | null };
  hold: MessageHold | null;
  deliveredAt: string | null;
  readAt: string | null;
  createdAt: string;
};
export type WebhookTestResult = {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};

// Short links (短链): server/src/modules/links/schemas.ts.
export type ShortLinkUtm = Partial<Record<"source" | "medium" | "campaign" | "term" | "content", string>>;

export type ShortLink = {
  id: string;
  slug: string;
  title: string;
  target: string;
  utm: ShortLinkUtm;
  expiresAt: string | null;
  hasPassword: boolean;
  origin: string;
  status: "active" | "archived";
  shortUrl: string;
  scanUrl: string;
  hits: number;
  human: number;
  createdAt: string;
  updatedAt: string;
};

export type ShortLinkInput = {
  title?: string;
  target: string;
  utm?: ShortLinkUtm;
  expiresAt?: string | null;
  password?: string | null;
};

export type ShortLinkCount = { value: string; hits: number };

export type ShortLinkStats = {
  from: string;
  to: string;
  totals: {
    hits: number;
    clicks: number;
    scans: number;
    human: number;
    bots: number;
    uniqueVisitors: number;
  };
  byDay: {
    day: string;
    hits: number;
    clicks: number;
    scans: number;
    human: number;
    uniqueVisitors: number;
  }[];
  devices: ShortLinkCount[];
  os: ShortLinkCount[];
  browsers: ShortLinkCount[];
  referrers: ShortLinkCount[];
  customersReached: number;
  windowDays: number;
  orders: number;
  buyers: number;
  revenue: number;
};
