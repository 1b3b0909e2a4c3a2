import { z } from "zod";
import { entryKinds, wallets } from "./tables.js";

export const WalletBalanceSchema = z.object({
  balance: z
    .number()
    .int()
    .describe("The ledger's sum: available + pending − debt (+ lots past expiry not yet written off)"),
  available: z.number().int(),
  pending: z.number().int().describe("Earned but not spendable yet (the refund window after an order)"),
  debt: z.number().int(),
  lifetimeEarned: z.number().int(),
  expiringSoon: z.array(z.object({ amount: z.number().int(), expiresAt: z.string() })),
});

export const LedgerEntrySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  wallet: z.enum(wallets),
  kind: z.enum(entryKinds),
  amount: z.number().int(),
  shortfall: z.number().int(),
  balanceAfter: z.number().int(),
  reason: z.object({ code: z.string(), zh: z.string(), en: z.string() }),
  note: z.string().nullable(),
  source: z.string(),
  sourceRef: z.string().nullable(),
  reversesEntryId: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  createdAt: z.string(),
});

/** What a member sees of their own entries: not the staff note or which staff member it was. */
export const MemberLedgerEntrySchema = LedgerEntrySchema.omit({ note: true, actor: true });

export const LedgerResultSchema = z.object({
  entry: LedgerEntrySchema,
  replayed: z.boolean(),
  balance: WalletBalanceSchema,
});
