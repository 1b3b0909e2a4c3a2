import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { checkLedger } from "../src/modules/loyalty/ledger/check-ledger.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

describeEachDatabase("stored value", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let keys = 0;
  const withKey = (key = `sv-${++keys}-${Math.random()}`) => ({ "idempotency-key": key });
  const send = (method: "GET" | "POST", url: string, payload?: unknown, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(shop.apiKey), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    for (const [minAmount, bonusAmount] of [
      [50_000, 5_000],
      [100_000, 15_000],
    ]) {
      expect(
        (await owner.call("POST", "/api/v1/loyalty/topup-bonus-rules", { minAmount, bonusAmount }))
          .statusCode,
      ).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
  });

  async function newCustomer(phone: string) {
    const res = await send("POST", "/api/v1/customers", { name: "林", phone });
    return res.json().id as string;
  }
  const topUp = (customerId: string, amount: number, headers: Record<string, string> = withKey()) =>
    send(
      "POST",
      `/api/v1/customers/${customerId}/stored-value/topups`,
      { amount, paymentMethod: "wechat" },
      headers,
    );
  const pay = (customerId: string, amount: number, headers: Record<string, string> = withKey()) =>
    send("POST", `/api/v1/customers/${customerId}/stored-value/pay`, { amount, reference: "POS-1" }, headers);
  const balance = async (customerId: string) =>
    (await send("GET", `/api/v1/customers/${customerId}/stored-value`)).json();

  it("tops up with the highest tier reached, once per Idempotency-Key", async () => {
    const customerId = await newCustomer("13700000001");
    expect((await topUp(customerId, 100, {})).json().error.code).toBe("idempotency_key_required");
    const key = withKey("topup-once-0001");
    const first = await topUp(customerId, 60_000, key);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      topup: { amount: 60_000, bonus: 5_000 },
      balance: { balance: 65_000, principal: 60_000, bonus: 5_000 },
    });
    const again = await topUp(customerId, 60_000, key);
    expect(again.statusCode).toBe(200);
    expect(again.json().topup.id).toBe(first.json().topup.id);
    expect((await topUp(customerId, 70_000, key)).json().error.code).toBe("idempotency_conflict");
    expect((await topUp(customerId, 120_000)).json().topup.bonus).toBe(15_000);
    expect(await balance(customerId)).toMatchObject({ balance: 200_000, principal: 180_000, bonus: 20_000 });
  });

  it("spends principal before bonus, or both pro rata, and refuses more than the balance without writing", async () => {
    const customerId = await newCustomer("13700000002");
    await topUp(customerId, 50_000);
    const paid = await pay(customerId, 52_000);
    expect(paid.statusCode).toBe(201);
    expect(paid.json().balance).toMatchObject({ balance: 3_000 });
    expect(await balance(customerId)).toMatchObject({ principal: 0, bonus: 3_000 });
    const tooMuch = await pay(customerId, 3_001);
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error.code).toBe("insufficient_balance");
    expect((await balance(customerId)).balance).toBe(3_000);

    expect(
      (await owner.call("PATCH", "/api/v1/loyalty/settings", { storedValueBonusOrder: "pro_rata" }))
        .statusCode,
    ).toBe(200);
    const other = await newCustomer("13700000003");
    await topUp(other, 100_000);
    await pay(other, 11_500);
    // 115,000 held, 15,000 of it bonus: 11,500 takes 1,500 bonus and 10,000 principal.
    expect(await balance(other)).toMatchObject({ principal: 90_000, bonus: 13_500 });
    await owner.call("PATCH", "/api/v1/loyalty/settings", { storedValueBonusOrder: "principal_first" });
  });

  it("refunds a paid purchase in parts into the same lots, never more than was paid", async () => {
    const customerId = await newCustomer("13700000004");
    await topUp(customerId, 50_000);
    const paid = await pay(customerId, 54_000);
    const entryId = paid.json().entry.id as string;
    const url = `/api/v1/stored-value/payments/${entryId}/refund`;
    const part = await send("POST", url, { amount: 27_000 }, withKey());
    expect(part.statusCode).toBe(201);
    expect(part.json().balance.balance).toBe(28_000);
    expect((await send("POST", url, { amount: 27_001 }, withKey())).statusCode).toBe(422);
    expect((await send("POST", url, {}, withKey())).json().balance.balance).toBe(55_000);
    expect((await send("POST", url, {}, withKey())).json().error.code).toBe("already_done");
    expect(await balance(customerId)).toMatchObject({ principal: 50_000, bonus: 5_000 });
  });

  it("refunds a top-up's unspent principal and withdraws its unspent bonus, once", async () => {
    const customerId = await newCustomer("13700000005");
    const topup = (await topUp(customerId, 50_000)).json().topup;
    await pay(customerId, 20_000);
    const refund = await send(
      "POST",
      `/api/v1/stored-value/topups/${topup.id}/refund`,
      { note: "顾客退卡" },
      withKey(),
    );
    expect(refund.statusCode).toBe(200);
    expect(refund.json()).toMatchObject({
      topup: { status: "refunded", refundedPrincipal: 30_000, withdrawnBonus: 5_000 },
      balance: { balance: 0 },
      replayed: false,
    });
    const again = await send("POST", `/api/v1/stored-value/topups/${topup.id}/refund`, {}, withKey());
    expect(again.json().replayed).toBe(true);
    const entries = (await send("GET", `/api/v1/customers/${customerId}/stored-value/entries`)).json().data;
    expect(entries.slice(0, 2).map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ["withdraw", -5_000],
      ["withdraw", -30_000],
    ]);
  });

  it("moves points and stored value, lot by lot, when customers are merged", async () => {
    const kept = await newCustomer("13700000007");
    const duplicate = await newCustomer("13700000008");
    await topUp(kept, 10_000);
    await topUp(duplicate, 50_000);
    await send("POST", `/api/v1/customers/${duplicate}/points/earn`, { points: 70 }, withKey());
    await send("POST", `/api/v1/customers/${duplicate}/points/spend`, { points: 20 }, withKey());
    const merged = await send("POST", `/api/v1/customers/${kept}/merge`, { duplicateId: duplicate });
    expect(merged.statusCode).toBe(200);
    expect(await balance(kept)).toMatchObject({ balance: 65_000, principal: 60_000, bonus: 5_000 });
    const points = (await send("GET", `/api/v1/customers/${kept}/points`)).json();
    expect(points).toMatchObject({ balance: 50, lifetimeEarned: 70 });
    const topups = (await send("GET", `/api/v1/customers/${kept}/stored-value/topups`)).json().data;
    expect(topups).toHaveLength(2);
    const violations = await withMerchant(use(), shop.merchant.id, (tx) => checkLedger(tx, shop.merchant.id));
    expect(violations).toEqual([]);
  });

  it("never lets parallel payments overdraw", async () => {
    const customerId = await newCustomer("13700000006");
    await topUp(customerId, 10_000);
    const results = await Promise.all(Array.from({ length: 40 }, () => pay(customerId, 300)));
    const paid = results.filter((r) => r.statusCode === 201).length;
    expect(results.every((r) => r.statusCode === 201 || r.json().error.code === "insufficient_balance")).toBe(
      true,
    );
    expect(paid).toBe(33);
    expect((await balance(customerId)).balance).toBe(10_000 - paid * 300);
    const violations = await withMerchant(use(), shop.merchant.id, (tx) => checkLedger(tx, shop.merchant.id));
    expect(violations.slice(0, 6)).toEqual([]);
  });
});
