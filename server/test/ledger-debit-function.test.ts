import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { type Tx, withMerchant } from "../src/db/tenant.js";
import { AppError } from "../src/errors.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { creditWallet } from "../src/modules/loyalty/ledger/credit-wallet.js";
import { clawBack, debitWallet, debitWalletByPlan } from "../src/modules/loyalty/ledger/debit-wallet.js";
import type { DebitInput, DrawOrder } from "../src/modules/loyalty/ledger/ledger-types.js";
import type { Wallet } from "../src/modules/loyalty/ledger/tables.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

// The database function ledger_debit_in_order (migration 0021) must do exactly what the
// TypeScript planner (runMutation + planDraws) does: same refusal, same draws, same entry, same
// balance summary. Each case runs both against the same wallet, each in a rolled-back transaction.

const system = { kind: "system", name: "test" } as const;
const minute = 60_000;
const day = 86_400_000;
const t0 = new Date("2026-05-01T04:00:00Z");

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function randomFrom(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(state / 65_536) % below;
  };
}

class RolledBack extends Error {
  constructor(readonly outcome: unknown) {
    super("rolled back");
  }
}

async function outcomeOf(tx: Tx, merchantId: string, customerId: string, run: () => Promise<unknown>) {
  let result: unknown;
  try {
    const written = (await run()) as { entry: Record<string, unknown>; replayed: boolean; balance: unknown };
    const { id: _id, createdAt: _at, ...entry } = written.entry;
    result = { entry, replayed: written.replayed, balance: written.balance };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    result = { error: error.code, details: error.details };
  }
  const lots = rowsOf(
    await tx.execute(sql`select id, remaining from ledger_lots
      where merchant_id = ${merchantId} and customer_id = ${customerId} order by id`),
  );
  const links = rowsOf(
    await tx.execute(sql`select l.lot_id, l.amount from ledger_entry_lots l
      join ledger_entries e on e.merchant_id = l.merchant_id and e.id = l.entry_id
     where e.merchant_id = ${merchantId} and e.customer_id = ${customerId} order by e.seq, l.lot_id`),
  );
  const account = rowsOf(
    await tx.execute(sql`select wallet, balance, debt, lifetime_earned from wallet_accounts
      where merchant_id = ${merchantId} and customer_id = ${customerId} order by wallet`),
  );
  return { result, lots, links, account };
}

async function inRolledBackTransaction(
  database: Database,
  merchantId: string,
  fn: (tx: Tx) => Promise<unknown>,
) {
  try {
    await withMerchant(database, merchantId, async (tx) => {
      throw new RolledBack(await fn(tx));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.outcome;
    throw error;
  }
  throw new Error("unreachable");
}

describeEachDatabase("ledger debit function", (use) => {
  /** A new customer's wallet, in `merchantId` or a new shop; every seed's keys and refs are its own. */
  async function walletWithRandomLots(seed: number, wallet: Wallet, inShop?: string) {
    const database = use();
    const random = randomFrom(seed);
    const merchantId = inShop ?? (await createTestMerchant(database)).merchant.id;
    const customerId = (
      await withMerchant(database, merchantId, (tx) =>
        createCustomer(tx, merchantId, { name: "顾客" }, { source: "api" }),
      )
    ).id;
    const now = new Date(t0.getTime() + 30 * day);
    const lotCount = 1 + random(6);
    for (let i = 0; i < lotCount; i++) {
      const expiry = random(4);
      const pending = random(4);
      await withMerchant(database, merchantId, (tx) =>
        creditWallet(tx, merchantId, {
          customerId,
          wallet,
          kind: "earn",
          amount: 1 + random(50),
          lotKind: wallet === "stored_value" ? (random(2) === 0 ? "bonus" : "principal") : "earned",
          idempotencyKey: `seed-${seed}-${i}`,
          reason: { code: "api_earn" },
          source: "api",
          actor: system,
          now: new Date(t0.getTime() + i * minute),
          // none, already expired, or expiring on one of two days (so some lots tie on expiry)
          expiresAt: expiry === 0 ? null : new Date(now.getTime() + (expiry - 2) * day),
          pendingUntil: pending === 0 ? new Date(now.getTime() + day) : null,
        }),
      );
    }
    if (random(4) === 0) {
      await withMerchant(database, merchantId, (tx) =>
        clawBack(tx, merchantId, {
          customerId,
          wallet,
          amount: 1 + random(60),
          fromSourceRef: "none",
          allowNegative: true,
          idempotencyKey: `debt-${seed}`,
          reason: { code: "order_refunded" },
          source: "api",
          actor: system,
          now: new Date(t0.getTime() + 20 * day),
        }),
      );
    }
    return { database, merchantId, customerId, now, amount: 1 + random(160) };
  }

  async function bothWays(
    c: Awaited<ReturnType<typeof walletWithRandomLots>>,
    input: DebitInput,
  ): Promise<[unknown, unknown]> {
    const run = (debit: typeof debitWallet) =>
      inRolledBackTransaction(c.database, c.merchantId, (tx) =>
        outcomeOf(tx, c.merchantId, c.customerId, () => debit(tx, c.merchantId, input)),
      );
    return [await run(debitWallet), await run(debitWalletByPlan)];
  }

  const orders: [Wallet, DrawOrder][] = [
    ["points", "expiry_first"],
    ["stored_value", "principal_first"],
    ["stored_value", "expiry_first"],
  ];

  it("draws, refuses and summarises exactly as the TypeScript planner does", async () => {
    let written = 0;
    let refused = 0;
    // One shop for every case (a shop's owner login costs a password hash): each case is its own customer.
    const shop = (await createTestMerchant(use())).merchant.id;
    for (let seed = 1; seed <= 36; seed++) {
      const [wallet, drawOrder] = orders[seed % orders.length]!;
      const c = await walletWithRandomLots(seed, wallet, shop);
      const input: DebitInput = {
        customerId: c.customerId,
        wallet,
        kind: "spend",
        amount: c.amount,
        drawOrder,
        idempotencyKey: `debit-${seed}`,
        reason: { code: "api_spend", note: "单号 7" },
        source: "api",
        sourceRef: `ref-${seed}`,
        actor: system,
        now: c.now,
      };
      const [inDatabase, planned] = await bothWays(c, input);
      expect(inDatabase, `seed ${seed}`).toEqual(planned);
      if ((planned as { result: { error?: string } }).result.error) refused += 1;
      else written += 1;
    }
    // The cases must exercise both outcomes, or the comparison proves little.
    expect(written).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  });

  it("answers a used key with the first entry, and a different request under it as a conflict", async () => {
    const c = await walletWithRandomLots(7, "points");
    const input: DebitInput = {
      customerId: c.customerId,
      wallet: "points",
      kind: "spend",
      amount: 1,
      idempotencyKey: "used-once",
      requestHash: "first",
      reason: { code: "api_spend" },
      source: "api",
      actor: system,
      now: c.now,
    };
    const earned = await withMerchant(c.database, c.merchantId, (tx) =>
      creditWallet(tx, c.merchantId, { ...input, kind: "earn", amount: 500, idempotencyKey: "top-up" }),
    );
    expect(earned.balance.available).toBeGreaterThanOrEqual(5);
    const first = await withMerchant(c.database, c.merchantId, (tx) => debitWallet(tx, c.merchantId, input));
    expect(first.replayed).toBe(false);
    const [again, againPlanned] = await bothWays(c, input);
    expect(again).toEqual(againPlanned);
    expect((again as { result: { replayed: boolean } }).result.replayed).toBe(true);
    const [conflict, conflictPlanned] = await bothWays(c, { ...input, requestHash: "second" });
    expect(conflict).toEqual(conflictPlanned);
    expect((conflict as { result: { error: string } }).result.error).toBe("idempotency_conflict");
  });
});
