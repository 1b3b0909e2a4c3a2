import { expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import { AppError } from "../src/errors.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { checkLedger } from "../src/modules/loyalty/ledger/check-ledger.js";
import { creditWallet } from "../src/modules/loyalty/ledger/credit-wallet.js";
import { clawBack, debitWallet } from "../src/modules/loyalty/ledger/debit-wallet.js";
import { expireDueLots } from "../src/modules/loyalty/ledger/expire-lots.js";
import { reverseEntry } from "../src/modules/loyalty/ledger/reverse-entry.js";
import { walletBalance } from "../src/modules/loyalty/ledger/wallet-balance.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

const system = { kind: "system", name: "test" } as const;
const day = 86_400_000;
const t0 = new Date("2026-03-01T04:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * day);

describeEachDatabase("ledger", (use) => {
  let keyCounter = 0;
  const key = (prefix = "k") => `${prefix}-${++keyCounter}`;

  async function shopWithCustomer() {
    const database = use();
    const shop = await createTestMerchant(database);
    const merchantId = shop.merchant.id;
    const customer = await withMerchant(database, merchantId, (tx) =>
      createCustomer(tx, merchantId, { name: "李雷" }, { source: "api" }),
    );
    return { database, merchantId, customerId: customer.id };
  }

  type Ctx = Awaited<ReturnType<typeof shopWithCustomer>>;

  const earn = (
    c: Ctx,
    amount: number,
    options: {
      now?: Date;
      expiresAt?: Date | null;
      pendingUntil?: Date | null;
      sourceRef?: string;
      idempotencyKey?: string;
    } = {},
  ) =>
    withMerchant(c.database, c.merchantId, (tx) =>
      creditWallet(tx, c.merchantId, {
        customerId: c.customerId,
        wallet: "points",
        kind: "earn",
        amount,
        idempotencyKey: options.idempotencyKey ?? key("earn"),
        reason: { code: "api_earn" },
        source: "api",
        sourceRef: options.sourceRef ?? null,
        actor: system,
        now: options.now ?? t0,
        expiresAt: options.expiresAt ?? null,
        pendingUntil: options.pendingUntil ?? null,
      }),
    );

  const spend = (
    c: Ctx,
    amount: number,
    options: { now?: Date; idempotencyKey?: string; requestHash?: string } = {},
  ) =>
    withMerchant(c.database, c.merchantId, (tx) =>
      debitWallet(tx, c.merchantId, {
        customerId: c.customerId,
        wallet: "points",
        kind: "spend",
        amount,
        idempotencyKey: options.idempotencyKey ?? key("spend"),
        requestHash: options.requestHash ?? null,
        reason: { code: "api_spend" },
        source: "api",
        actor: system,
        now: options.now ?? t0,
      }),
    );

  const balance = (c: Ctx, now = t0) =>
    withMerchant(c.database, c.merchantId, (tx) =>
      walletBalance(tx, c.merchantId, c.customerId, "points", now),
    );

  const violations = (c: Ctx) =>
    withMerchant(c.database, c.merchantId, (tx) => checkLedger(tx, c.merchantId));

  const lotRemaining = async (c: Ctx) =>
    (
      await c.database.query<{ remaining: string; expires_at: Date | null }>(
        "select remaining, expires_at from ledger_lots where merchant_id = $1 order by expires_at nulls last, amount desc",
        [c.merchantId],
      )
    ).map((r) => Number(r.remaining));

  it("spends the lots that expire first, and refuses more than is available without writing", async () => {
    const c = await shopWithCustomer();
    await earn(c, 100, { expiresAt: at(60) });
    await earn(c, 50, { expiresAt: at(10) });
    await earn(c, 30, { expiresAt: null });
    const result = await spend(c, 70);
    expect(result.balance).toMatchObject({ balance: 110, available: 110, pending: 0 });
    expect(await lotRemaining(c)).toEqual([0, 80, 30]);

    const error = await spend(c, 111).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "insufficient_balance",
      details: { available: 110, requested: 111 },
    });
    expect((await balance(c)).balance).toBe(110);
    expect(await lotRemaining(c)).toEqual([0, 80, 30]);
    expect(await violations(c)).toEqual([]);
  });

  it("answers a repeated idempotency key with the first result and refuses it for another request", async () => {
    const c = await shopWithCustomer();
    await earn(c, 100);
    const first = await spend(c, 40, { idempotencyKey: "pos-1", requestHash: "a" });
    const again = await spend(c, 40, { idempotencyKey: "pos-1", requestHash: "a" });
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    expect(again.balance.balance).toBe(60);
    await expect(spend(c, 41, { idempotencyKey: "pos-1", requestHash: "b" })).rejects.toMatchObject({
      code: "idempotency_conflict",
    });
    expect((await balance(c)).balance).toBe(60);
  });

  it("finds a replay under a key with quotes and backslashes (the key is written into the lock batch)", async () => {
    const c = await shopWithCustomer();
    await earn(c, 50);
    const key = String.raw`pos\'; select 1; --\\'x`;
    const first = await spend(c, 5, { idempotencyKey: key, requestHash: "q" });
    const again = await spend(c, 5, { idempotencyKey: key, requestHash: "q" });
    expect(again).toMatchObject({ replayed: true, entry: { id: first.entry.id } });
    expect((await balance(c)).balance).toBe(45);
  });

  it("keeps pending points out of what can be spent until their release", async () => {
    const c = await shopWithCustomer();
    await earn(c, 80, { pendingUntil: at(7) });
    expect(await balance(c)).toMatchObject({ balance: 80, available: 0, pending: 80 });
    await expect(spend(c, 10)).rejects.toMatchObject({ code: "insufficient_balance" });
    expect(await balance(c, at(7))).toMatchObject({ available: 80, pending: 0 });
    await spend(c, 10, { now: at(7) });
    expect((await balance(c, at(7))).available).toBe(70);
  });

  it("claws back from the refunded order's own lot first, records a shortfall, or leaves debt when allowed", async () => {
    const c = await shopWithCustomer();
    await earn(c, 100, { expiresAt: at(5) });
    await earn(c, 40, { sourceRef: "order-1", pendingUntil: at(7) });
    const claw = (amount: number, allowNegative: boolean) =>
      withMerchant(c.database, c.merchantId, (tx) =>
        clawBack(tx, c.merchantId, {
          customerId: c.customerId,
          wallet: "points",
          amount,
          fromSourceRef: "order-1",
          allowNegative,
          idempotencyKey: key("claw"),
          reason: { code: "refund_clawback" },
          source: "refund",
          actor: system,
          now: t0,
        }),
      );
    const first = await claw(50, false);
    expect(first.entry).toMatchObject({ amount: -50, shortfall: 0 });
    expect(await lotRemaining(c)).toEqual([90, 0]);
    const second = await claw(120, false);
    expect(second.entry).toMatchObject({ amount: -90, shortfall: 30 });
    expect(second.balance).toMatchObject({ balance: 0, debt: 0 });
    const third = await claw(25, true);
    expect(third.entry).toMatchObject({ amount: -25, shortfall: 0 });
    expect(third.balance).toMatchObject({ balance: -25, debt: 25, available: -25 });
    const repaid = await earn(c, 30);
    expect(repaid.balance).toMatchObject({ balance: 5, debt: 0, available: 5 });
    expect(await violations(c)).toEqual([]);
  });

  it("reverses a spend into the same lots, once", async () => {
    const c = await shopWithCustomer();
    await earn(c, 30, { expiresAt: at(10) });
    await earn(c, 30, { expiresAt: at(20) });
    const spent = await spend(c, 45);
    expect(await lotRemaining(c)).toEqual([0, 15]);
    const reverse = (idempotencyKey: string) =>
      withMerchant(c.database, c.merchantId, (tx) =>
        reverseEntry(tx, c.merchantId, {
          entryId: spent.entry.id,
          idempotencyKey,
          reason: { code: "mall_cancel" },
          source: "admin",
          actor: system,
          now: t0,
        }),
      );
    const reversed = await reverse("cancel-1");
    expect(reversed.entry).toMatchObject({ kind: "reversal", amount: 45, reversesEntryId: spent.entry.id });
    expect(reversed.balance).toMatchObject({ balance: 60, available: 60 });
    expect(await lotRemaining(c)).toEqual([30, 30]);
    expect((await reverse("cancel-1")).replayed).toBe(true);
    await expect(reverse("cancel-2")).rejects.toMatchObject({ code: "already_done" });
    expect(await violations(c)).toEqual([]);
  });

  it("expires due lots once, leaving unexpired and spent points alone", async () => {
    const c = await shopWithCustomer();
    await earn(c, 100, { expiresAt: at(10) });
    await earn(c, 20, { expiresAt: at(40) });
    await spend(c, 30);
    expect((await balance(c, at(11))).available).toBe(20);
    const expired = await expireDueLots(c.database, c.merchantId, at(11));
    expect(expired).toEqual({ accounts: 1, amount: 70 });
    expect(await expireDueLots(c.database, c.merchantId, at(11))).toEqual({ accounts: 0, amount: 0 });
    expect(await balance(c, at(11))).toMatchObject({ balance: 20, available: 20 });
    expect(await violations(c)).toEqual([]);
  });

  it("expires each account once when several workers take batches side by side", async () => {
    const c = await shopWithCustomer();
    const customers = [c.customerId];
    for (let i = 0; i < 11; i++) {
      const other = await withMerchant(c.database, c.merchantId, (tx) =>
        createCustomer(tx, c.merchantId, { name: `顾客${i}` }, { source: "api" }),
      );
      customers.push(other.id);
    }
    for (const [i, customerId] of customers.entries()) {
      await earn({ ...c, customerId }, 10 + i, { expiresAt: at(10) });
      await earn({ ...c, customerId }, 5, { expiresAt: at(50) });
    }
    const due = customers.reduce((sum, _id, i) => sum + 10 + i, 0);
    // Batches of 2 accounts over 3 workers, run twice at once: every due lot goes exactly once.
    const runs = await Promise.all([
      expireDueLots(c.database, c.merchantId, at(11), 2, 3),
      expireDueLots(c.database, c.merchantId, at(11), 2, 3),
    ]);
    expect(runs.reduce((sum, r) => sum + r.accounts, 0)).toBe(customers.length);
    expect(runs.reduce((sum, r) => sum + r.amount, 0)).toBe(due);
    for (const customerId of customers) {
      expect(await balance({ ...c, customerId }, at(11))).toMatchObject({ balance: 5, available: 5 });
    }
    expect(await violations(c)).toEqual([]);
  });

  it("never lets parallel spends take the balance below zero", async () => {
    const c = await shopWithCustomer();
    await earn(c, 500);
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, () => spend(c, 7)));
    const succeeded = outcomes.filter((o) => o.status === "fulfilled").length;
    const refused = outcomes.filter(
      (o) => o.status === "rejected" && (o.reason as AppError).code === "insufficient_balance",
    ).length;
    expect(succeeded + refused).toBe(200);
    expect(succeeded).toBe(Math.floor(500 / 7));
    expect((await balance(c)).balance).toBe(500 - succeeded * 7);
    expect(await violations(c)).toEqual([]);
  });

  it("applies parallel requests with one idempotency key once", async () => {
    const c = await shopWithCustomer();
    await earn(c, 100);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => spend(c, 10, { idempotencyKey: "same", requestHash: "h" })),
    );
    const entries = new Set(results.flatMap((r) => (r.status === "fulfilled" ? [r.value.entry.id] : [])));
    expect(entries.size).toBe(1);
    expect((await balance(c)).balance).toBe(90);
  });

  it("keeps every invariant through a random stream of earns, spends, claw-backs, reversals and expiries", async () => {
    const c = await shopWithCustomer();
    let seed = 20261130;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const spends: string[] = [];
    let clock = 0;
    for (let step = 0; step < 120; step++) {
      clock += random() * 3;
      const now = at(clock);
      const roll = random();
      try {
        if (roll < 0.35) {
          await earn(c, 1 + Math.floor(random() * 100), {
            now,
            expiresAt: random() < 0.5 ? at(clock + random() * 20) : null,
            pendingUntil: random() < 0.3 ? at(clock + random() * 5) : null,
            sourceRef: `order-${step % 7}`,
          });
        } else if (roll < 0.65) {
          spends.push((await spend(c, 1 + Math.floor(random() * 60), { now })).entry.id);
        } else if (roll < 0.8) {
          await withMerchant(c.database, c.merchantId, (tx) =>
            clawBack(tx, c.merchantId, {
              customerId: c.customerId,
              wallet: "points",
              amount: 1 + Math.floor(random() * 50),
              fromSourceRef: `order-${step % 7}`,
              allowNegative: random() < 0.3,
              idempotencyKey: key("claw"),
              reason: { code: "refund_clawback" },
              source: "refund",
              actor: system,
              now,
            }),
          );
        } else if (roll < 0.9 && spends.length > 0) {
          const entryId = spends.splice(Math.floor(random() * spends.length), 1)[0]!;
          await withMerchant(c.database, c.merchantId, (tx) =>
            reverseEntry(tx, c.merchantId, {
              entryId,
              idempotencyKey: `reverse-${entryId}`,
              reason: { code: "reversal" },
              source: "admin",
              actor: system,
              now,
            }),
          );
        } else {
          await expireDueLots(c.database, c.merchantId, now);
        }
      } catch (error) {
        expect((error as AppError).code).toBe("insufficient_balance");
      }
    }
    expect(await violations(c)).toEqual([]);
    const rows = await c.database.query<{ negative: number }>(
      "select count(*)::int as negative from ledger_lots where remaining < 0 or remaining > amount",
    );
    expect(rows[0]?.negative).toBe(0);
  });
});
