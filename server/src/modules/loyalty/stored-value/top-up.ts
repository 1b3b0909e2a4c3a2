import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { isUniqueViolation } from "../../../lib/database-errors.js";
import { type Actor, describeActor } from "../../audit/record-audit.js";
import { recordEvent } from "../../events/record-events.js";
import { creditWallet } from "../ledger/credit-wallet.js";
import { debitWallet } from "../ledger/debit-wallet.js";
import { lockWalletAccount } from "../ledger/ledger-state.js";
import { bonusFor, listBonusRules } from "./bonus-rules.js";
import { type StoredValueBalance, storedValueBalance } from "./stored-value-balance.js";
import { type PaymentMethod, storedValueTopups } from "./tables.js";

export type TopUpInput = {
  customerId: string;
  amount: number;
  paymentMethod: PaymentMethod;
  storeId?: string | null;
  reference?: string | null;
  note?: string | null;
  idempotencyKey: string;
  requestHash: string;
  source: string;
  actor: Actor;
  now?: Date;
};

export type TopUp = typeof storedValueTopups.$inferSelect;
export type TopUpResult = { topup: TopUp; balance: StoredValueBalance; replayed: boolean };

async function findTopUpByKey(tx: Tx, merchantId: string, key: string) {
  const [row] = await tx
    .select()
    .from(storedValueTopups)
    .where(and(eq(storedValueTopups.merchantId, merchantId), eq(storedValueTopups.idempotencyKey, key)));
  return row ?? null;
}

/**
 * Records a top-up (充值): the amount as a principal lot and, when a tier applies, its bonus as a
 * separate bonus lot, both on the ledger. Once per Idempotency-Key.
 */
export async function topUp(tx: Tx, merchantId: string, input: TopUpInput): Promise<TopUpResult> {
  const now = input.now ?? new Date();
  await lockWalletAccount(tx, merchantId, input.customerId, "stored_value");
  const existing = await findTopUpByKey(tx, merchantId, input.idempotencyKey);
  if (existing) {
    if (existing.requestHash !== input.requestHash || existing.customerId !== input.customerId) {
      throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different top-up", {
        topupId: existing.id,
      });
    }
    return {
      topup: existing,
      balance: await storedValueBalance(tx, merchantId, input.customerId, now),
      replayed: true,
    };
  }
  const bonus = bonusFor(await listBonusRules(tx, merchantId), input.amount);
  const ledger = {
    customerId: input.customerId,
    wallet: "stored_value" as const,
    kind: "earn" as const,
    source: input.source,
    actor: input.actor,
    now,
  };
  const principal = await creditWallet(tx, merchantId, {
    ...ledger,
    amount: input.amount,
    lotKind: "principal",
    idempotencyKey: `topup:${input.idempotencyKey}`,
    reason: { code: "topup", note: input.note ?? null },
    sourceRef: input.reference ?? null,
  });
  const bonusEntry =
    bonus > 0
      ? await creditWallet(tx, merchantId, {
          ...ledger,
          amount: bonus,
          lotKind: "bonus",
          idempotencyKey: `topup-bonus:${input.idempotencyKey}`,
          reason: { code: "topup_bonus" },
          sourceRef: input.reference ?? null,
        })
      : null;
  let topup: TopUp;
  try {
    [topup] = (await tx
      .insert(storedValueTopups)
      .values({
        merchantId,
        customerId: input.customerId,
        amount: input.amount,
        bonus,
        paymentMethod: input.paymentMethod,
        storeId: input.storeId ?? null,
        reference: input.reference ?? null,
        note: input.note ?? null,
        idempotencyKey: input.idempotencyKey,
        requestHash: input.requestHash,
        principalEntryId: principal.entry.id,
        bonusEntryId: bonusEntry?.entry.id ?? null,
        ...describeActor(input.actor),
        createdAt: now,
      })
      .returning()) as [TopUp];
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different top-up");
    }
    throw error;
  }
  await recordEvent(tx, merchantId, {
    customerId: input.customerId,
    type: "stored_value.topped_up",
    properties: { topupId: topup.id, amount: input.amount, bonus, paymentMethod: input.paymentMethod },
    occurredAt: now,
    source: input.source,
  });
  return { topup, balance: await storedValueBalance(tx, merchantId, input.customerId, now), replayed: false };
}

export type RefundTopUpInput = {
  topupId: string;
  note?: string | null;
  source: string;
  actor: Actor;
  now?: Date;
};

/**
 * Refunds a top-up: the customer gets back what is left of its principal, and what is left of its
 * bonus is withdrawn. What was already spent stays spent. Once per top-up: a second call (a retry)
 * returns the refunded top-up.
 */
export async function refundTopUp(tx: Tx, merchantId: string, input: RefundTopUpInput): Promise<TopUpResult> {
  const now = input.now ?? new Date();
  const [found] = await tx
    .select()
    .from(storedValueTopups)
    .where(and(eq(storedValueTopups.merchantId, merchantId), eq(storedValueTopups.id, input.topupId)));
  if (!found) throw notFound("Top-up");
  await lockWalletAccount(tx, merchantId, found.customerId, "stored_value");
  const [topupNow] = await tx
    .select()
    .from(storedValueTopups)
    .where(and(eq(storedValueTopups.merchantId, merchantId), eq(storedValueTopups.id, input.topupId)));
  if (topupNow!.status === "refunded") {
    return {
      topup: topupNow!,
      balance: await storedValueBalance(tx, merchantId, found.customerId, now),
      replayed: true,
    };
  }
  const rows = rowsOf<{ id: string; kind: string; remaining: string | number }>(
    await tx.execute(sql`select id, kind, remaining from ledger_lots
      where merchant_id = ${merchantId}
        and entry_id in (${found.principalEntryId}, ${found.bonusEntryId ?? found.principalEntryId})`),
  );
  const withdraw = async (kind: "principal" | "bonus") => {
    const lot = rows.find((r) => r.kind === kind);
    const amount = lot ? Number(lot.remaining) : 0;
    if (!lot || amount === 0) return 0;
    await debitWallet(tx, merchantId, {
      customerId: found.customerId,
      wallet: "stored_value",
      kind: "withdraw",
      amount,
      onlyLots: [lot.id],
      idempotencyKey: `topup-refund-${kind}:${found.id}`,
      reason: { code: "topup_refund", note: input.note ?? null },
      source: input.source,
      sourceRef: found.reference,
      actor: input.actor,
      now,
    });
    return amount;
  };
  const refundedPrincipal = await withdraw("principal");
  const withdrawnBonus = await withdraw("bonus");
  const [topup] = await tx
    .update(storedValueTopups)
    .set({ status: "refunded", refundedPrincipal, withdrawnBonus, refundedAt: now })
    .where(and(eq(storedValueTopups.merchantId, merchantId), eq(storedValueTopups.id, found.id)))
    .returning();
  await recordEvent(tx, merchantId, {
    customerId: found.customerId,
    type: "stored_value.topup_refunded",
    properties: { topupId: found.id, refundedPrincipal, withdrawnBonus },
    occurredAt: now,
    source: input.source,
  });
  return {
    topup: topup!,
    balance: await storedValueBalance(tx, merchantId, found.customerId, now),
    replayed: false,
  };
}
