import type { Actor } from "../../audit/record-audit.js";
import type { EntryKind, LotKind, Wallet } from "./tables.js";

export type LedgerReason = { code: string; note?: string | null };

/** What every mutation names: whose wallet, the key that makes it happen once, and why. */
export type LedgerMutation = {
  customerId: string;
  wallet: Wallet;
  idempotencyKey: string;
  /** A fingerprint of the caller's request: the same key with another request is a conflict. */
  requestHash?: string | null;
  reason: LedgerReason;
  source: string;
  sourceRef?: string | null;
  actor: Actor;
  /** When it happens; pending and expiry are judged against it. Defaults to the clock. */
  now?: Date;
};

export type CreditInput = LedgerMutation & {
  kind: Extract<EntryKind, "earn" | "adjust">;
  amount: number;
  lotKind?: LotKind;
  pendingUntil?: Date | null;
  expiresAt?: Date | null;
  /** Counted towards lifetime earnings (growth); a manual correction may not be. */
  countsAsEarned?: boolean;
};

/** The order lots are drawn in. Points: oldest expiry first; stored value: principal first or pro rata. */
export type DrawOrder = "expiry_first" | "principal_first" | "pro_rata";

export type DebitInput = LedgerMutation & {
  kind: Extract<EntryKind, "spend" | "adjust" | "withdraw">;
  amount: number;
  drawOrder?: DrawOrder;
  /** Only these lots (a top-up's own lots when it is refunded). */
  onlyLots?: string[];
};

export type ClawbackInput = LedgerMutation & {
  amount: number;
  /** Take from the lots this source created first (the refunded order's points). */
  fromSourceRef: string;
  allowNegative: boolean;
};

export type WalletBalance = {
  /** The sum of the ledger: spendable, pending and (negative) debt together. */
  balance: number;
  available: number;
  pending: number;
  debt: number;
  lifetimeEarned: number;
  expiringSoon: { amount: number; expiresAt: string }[];
};

export type LedgerEntryView = {
  id: string;
  customerId: string;
  wallet: Wallet;
  kind: EntryKind;
  amount: number;
  shortfall: number;
  balanceAfter: number;
  reason: { code: string; zh: string; en: string };
  note: string | null;
  source: string;
  sourceRef: string | null;
  reversesEntryId: string | null;
  actor: { type: string; id: string | null; name: string | null };
  createdAt: string;
};

export type LedgerResult = { entry: LedgerEntryView; replayed: boolean; balance: WalletBalance };
