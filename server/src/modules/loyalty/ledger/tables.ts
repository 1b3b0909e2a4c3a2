import { bigint, boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const wallets = ["points", "stored_value"] as const;
export type Wallet = (typeof wallets)[number];

export const entryKinds = [
  "earn",
  "spend",
  "expire",
  "clawback",
  "adjust",
  "reversal",
  "withdraw",
  "transfer",
] as const;
export type EntryKind = (typeof entryKinds)[number];

export const lotKinds = ["earned", "principal", "bonus"] as const;
export type LotKind = (typeof lotKinds)[number];

const amount = (name: string) => bigint(name, { mode: "number" });
const time = (name: string) => timestamp(name, { withTimezone: true });

export const loyaltySettings = pgTable(
  "loyalty_settings",
  {
    merchantId: uuid("merchant_id").notNull(),
    pointsPendingDays: integer("points_pending_days").notNull().default(7),
    pointsExpiry: text("points_expiry").$type<"none" | "months" | "year_end">().notNull().default("none"),
    pointsExpiryMonths: integer("points_expiry_months"),
    allowNegativePoints: boolean("allow_negative_points").notNull().default(false),
    profileCompletionPoints: integer("profile_completion_points").notNull().default(0),
    storedValueBonusOrder: text("stored_value_bonus_order")
      .$type<"principal_first" | "pro_rata">()
      .notNull()
      .default("principal_first"),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId] })],
);

export const pointsEarnRules = pgTable(
  "points_earn_rules",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    scope: text("scope").$type<"shop" | "category" | "store">().notNull(),
    category: text("category"),
    storeId: uuid("store_id"),
    stepAmount: amount("step_amount").notNull(),
    pointsPerStep: integer("points_per_step").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const walletAccounts = pgTable(
  "wallet_accounts",
  {
    merchantId: uuid("merchant_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    wallet: text("wallet").$type<Wallet>().notNull(),
    balance: amount("balance").notNull().default(0),
    debt: amount("debt").notNull().default(0),
    lifetimeEarned: amount("lifetime_earned").notNull().default(0),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.customerId, t.wallet] })],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    customerId: uuid("customer_id").notNull(),
    wallet: text("wallet").$type<Wallet>().notNull(),
    kind: text("kind").$type<EntryKind>().notNull(),
    amount: amount("amount").notNull(),
    debtChange: amount("debt_change").notNull().default(0),
    shortfall: amount("shortfall").notNull().default(0),
    balanceAfter: amount("balance_after").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash"),
    reasonCode: text("reason_code").notNull(),
    note: text("note"),
    source: text("source").notNull(),
    sourceRef: text("source_ref"),
    reversesEntryId: uuid("reverses_entry_id"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const ledgerLots = pgTable(
  "ledger_lots",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    customerId: uuid("customer_id").notNull(),
    wallet: text("wallet").$type<Wallet>().notNull(),
    kind: text("kind").$type<LotKind>().notNull(),
    entryId: uuid("entry_id").notNull(),
    amount: amount("amount").notNull(),
    remaining: amount("remaining").notNull(),
    source: text("source").notNull(),
    sourceRef: text("source_ref"),
    pendingUntil: time("pending_until"),
    expiresAt: time("expires_at"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const ledgerEntryLots = pgTable(
  "ledger_entry_lots",
  {
    merchantId: uuid("merchant_id").notNull(),
    entryId: uuid("entry_id").notNull(),
    lotId: uuid("lot_id").notNull(),
    amount: amount("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.entryId, t.lotId] })],
);
