import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { checkLedger } from "../src/modules/loyalty/ledger/check-ledger.js";
import { createMemberSession } from "../src/modules/members/member-sessions.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient, staffClientFrom } from "./support/sessions.js";

describeEachDatabase("points", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let keyCounter = 0;
  const send = (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
    headers = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(shop.apiKey), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const withKey = (key = `key-${++keyCounter}-${Math.random()}`) => ({ "idempotency-key": key });

  let owner: StaffClient;
  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
  });

  async function newCustomer(phone: string) {
    const res = await send("POST", "/api/v1/customers", { name: "韩梅梅", phone });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  const placedAt = new Date().toISOString();
  const order = (externalId: string, customerId: string, items: object[], extra: object = {}) =>
    send("POST", "/api/v1/orders", {
      externalId,
      customer: { id: customerId },
      placedAt,
      items,
      ...extra,
    });

  const balance = async (customerId: string) =>
    (await send("GET", `/api/v1/customers/${customerId}/points`)).json();

  it("starts from defaults and validates settings", async () => {
    const settings = await owner.call("GET", "/api/v1/loyalty/settings");
    expect(settings.json()).toMatchObject({
      pointsPendingDays: 7,
      pointsExpiry: { kind: "none" },
      allowNegativePoints: false,
    });
    const bad = await owner.call("PATCH", "/api/v1/loyalty/settings", { pointsExpiry: { kind: "months" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    const saved = await owner.call("PATCH", "/api/v1/loyalty/settings", {
      pointsExpiry: { kind: "months", months: 12 },
      pointsPendingDays: 0,
    });
    expect(saved.json()).toMatchObject({
      pointsExpiry: { kind: "months", months: 12 },
      pointsPendingDays: 0,
    });
  });

  it("gives purchase points by the most specific rule, after the order discount", async () => {
    expect(
      (
        await owner.call("POST", "/api/v1/loyalty/points-rules", {
          scope: "shop",
          stepAmount: 100,
          pointsPerStep: 1,
        })
      ).statusCode,
    ).toBe(201);
    const fruit = await owner.call("POST", "/api/v1/loyalty/points-rules", {
      scope: "category",
      category: "水果",
      stepAmount: 100,
      pointsPerStep: 3,
    });
    expect(fruit.statusCode).toBe(201);
    const twice = await owner.call("POST", "/api/v1/loyalty/points-rules", {
      scope: "shop",
      stepAmount: 1000,
      pointsPerStep: 1,
    });
    expect(twice.statusCode).toBe(409);
    const noCategory = await owner.call("POST", "/api/v1/loyalty/points-rules", {
      scope: "category",
      stepAmount: 100,
      pointsPerStep: 1,
    });
    expect(noCategory.json().error.code).toBe("validation_failed");

    const customerId = await newCustomer("13900000001");
    const placed = await order(
      "P-1",
      customerId,
      [
        { sku: "APL", name: "苹果", category: "水果", quantity: 2, unitPrice: 1050 },
        { sku: "MLK", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 1000 },
      ],
      { discount: 310 },
    );
    expect(placed.statusCode).toBe(201);
    // Lines 2100 and 1000 share the 310 discount: 2100 − 210 = 1890 → 18 × 3; 1000 − 100 = 900 → 9 × 1.
    const points = await balance(customerId);
    expect(points).toMatchObject({ balance: 63, available: 63, pending: 0, lifetimeEarned: 63 });
    const again = await order(
      "P-1",
      customerId,
      [
        { sku: "APL", name: "苹果", category: "水果", quantity: 2, unitPrice: 1050 },
        { sku: "MLK", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 1000 },
      ],
      { discount: 310 },
    );
    expect(again.statusCode).toBe(200);
    expect((await balance(customerId)).balance).toBe(63);
  });

  it("claws back the refunded share of an order's points, and records what it could not take", async () => {
    const customerId = await newCustomer("13900000002");
    const placed = await order("P-2", customerId, [
      { sku: "MLK", name: "牛奶", category: "乳品", quantity: 4, unitPrice: 2500 },
    ]);
    const orderId = placed.json().id as string;
    expect((await balance(customerId)).balance).toBe(100);
    const half = await send("POST", `/api/v1/orders/${orderId}/refunds`, {
      amount: 5000,
      externalId: "R-2a",
    });
    expect(half.statusCode).toBe(201);
    expect((await balance(customerId)).balance).toBe(50);
    const spent = await send(
      "POST",
      `/api/v1/customers/${customerId}/points/spend`,
      { points: 40 },
      withKey(),
    );
    expect(spent.statusCode).toBe(201);
    const rest = await send("POST", `/api/v1/orders/${orderId}/refunds`, { externalId: "R-2b" });
    expect(rest.statusCode).toBe(201);
    const entries = (await send("GET", `/api/v1/customers/${customerId}/points/entries`)).json().data;
    expect(entries[0]).toMatchObject({
      kind: "clawback",
      amount: -10,
      shortfall: 40,
      reason: { code: "refund_clawback" },
    });
    expect((await balance(customerId)).balance).toBe(0);
  });

  it("earns, spends and adjusts through the API once per Idempotency-Key, refusing bad calls without writing", async () => {
    const customerId = await newCustomer("13900000003");
    const url = `/api/v1/customers/${customerId}/points`;
    const noKey = await send("POST", `${url}/earn`, { points: 10 });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe("idempotency_key_required");
    const key = withKey("earn-once-0001");
    const earned = await send("POST", `${url}/earn`, { points: 120, note: "活动" }, key);
    expect(earned.statusCode).toBe(201);
    const replay = await send("POST", `${url}/earn`, { points: 120, note: "活动" }, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().entry.id).toBe(earned.json().entry.id);
    const conflict = await send("POST", `${url}/earn`, { points: 121 }, key);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe("idempotency_conflict");
    const tooMuch = await send("POST", `${url}/spend`, { points: 121 }, withKey());
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error).toMatchObject({
      code: "insufficient_balance",
      details: { available: 120, requested: 121 },
    });
    const zero = await send("POST", `${url}/adjust`, { points: 0, note: "x" }, withKey());
    expect(zero.statusCode).toBe(400);
    const down = await send("POST", `${url}/adjust`, { points: -20, note: "录入错误" }, withKey());
    expect(down.statusCode).toBe(201);
    expect(down.json()).toMatchObject({
      entry: { kind: "adjust", amount: -20, note: "录入错误" },
      balance: { balance: 100 },
    });
    const audit = (await owner.call("GET", "/api/v1/audit?action=points.adjust")).json();
    expect(JSON.stringify(audit)).toContain("points.adjust");
    const missing = await send(
      "POST",
      "/api/v1/customers/00000000-0000-4000-8000-000000000000/points/earn",
      { points: 1 },
      withKey(),
    );
    expect(missing.statusCode).toBe(404);
    expect((await balance(customerId)).lifetimeEarned).toBe(120);
  });

  it("lets a clerk spend at the counter but not give or correct points", async () => {
    const customerId = await newCustomer("13900000004");
    await send("POST", `/api/v1/customers/${customerId}/points/earn`, { points: 50 }, withKey());
    const invite = await owner.call("POST", "/api/v1/staff/invitations", {
      email: "points-clerk@example.com",
      role: "clerk",
      name: "收银员",
    });
    const token = invite.json().acceptUrl.split("/invite/")[1];
    const accepted = await app.inject({
      method: "POST",
      url: `/api/auth/invitations/${token}/accept`,
      payload: { password: "clerk password 1" },
    });
    expect(accepted.statusCode).toBe(200);
    const session = staffClientFrom(app, accepted);
    const clerk = (url: string, payload: object) =>
      app.inject({
        method: "POST",
        url,
        payload,
        headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken, ...withKey() },
      });
    expect((await clerk(`/api/v1/customers/${customerId}/points/spend`, { points: 10 })).statusCode).toBe(
      201,
    );
    expect(
      (await clerk(`/api/v1/customers/${customerId}/points/adjust`, { points: 10, note: "x" })).statusCode,
    ).toBe(403);
  });

  const plainLevel = {
    pointsMultiplierPercent: 100,
    discountPercent: 0,
    birthdayGiftPoints: 0,
    freeGifts: [],
    rewardPoints: 0,
    rewardCoupon: null,
  };

  it("gives the first-order gift on a customer's first order only, and lifts a points-based level as points arrive", async () => {
    const earlier = await newCustomer("13900000006");
    await order("P-6a", earlier, [
      { sku: "MLK", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 500 },
    ]);
    const gift = await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", {
      enabled: true,
      triggers: ["first_order"],
      channels: [],
      points: 88,
      items: [],
      coupon: null,
    });
    expect(gift.statusCode, gift.body).toBe(200);
    await order("P-6b", earlier, [
      { sku: "MLK", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 500 },
    ]);
    expect((await balance(earlier)).balance).toBe(10);
    const newcomer = await newCustomer("13900000007");
    await order("P-7", newcomer, [
      { sku: "MLK", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 500 },
    ]);
    expect((await balance(newcomer)).balance).toBe(5 + 88);

    const levels = await owner.call("PUT", "/api/v1/loyalty/levels", {
      settings: {
        growthBasis: "points_earned",
        spendWeightPercent: 100,
        pointsWeightPercent: 0,
        growthWindow: "lifetime",
        downgradeSchedule: "never",
        protectionDays: 0,
      },
      levels: [
        { ...plainLevel, name: "普通", nameEn: "Basic", threshold: 0 },
        { ...plainLevel, name: "银卡", nameEn: "Silver", threshold: 200, pointsMultiplierPercent: 200 },
      ],
    });
    expect(levels.statusCode, levels.body).toBe(200);
    await send("POST", `/api/v1/customers/${newcomer}/points/earn`, { points: 150 }, withKey());
    const level = (await send("GET", `/api/v1/customers/${newcomer}/level`)).json();
    expect(level).toMatchObject({ growth: 243, current: { name: "银卡" } });
    await order("P-7b", newcomer, [
      { sku: "MLK", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 500 },
    ]);
    expect((await balance(newcomer)).balance).toBe(93 + 150 + 10);
  });

  it("shows a member their own balance and history", async () => {
    const customerId = await newCustomer("13900000005");
    await send(
      "POST",
      `/api/v1/customers/${customerId}/points/earn`,
      { points: 30, reason: "participation" },
      withKey(),
    );
    const token = await createMemberSession(use(), shop.merchant.id, customerId);
    const headers = { cookie: `quanzi_member=${token}`, "x-requested-with": "quanzi" };
    const mine = await app.inject({ method: "GET", url: `/api/m/${shop.merchant.slug}/points`, headers });
    expect(mine.json()).toMatchObject({ balance: 30, available: 30 });
    expect(mine.json().expiringSoon).toEqual([]);
    const history = await app.inject({
      method: "GET",
      url: `/api/m/${shop.merchant.slug}/points/entries`,
      headers,
    });
    expect(history.json().data[0]).toMatchObject({
      amount: 30,
      reason: { zh: "活动参与奖励", en: "Activity reward" },
    });
    const violations = await withMerchant(use(), shop.merchant.id, (tx) => checkLedger(tx, shop.merchant.id));
    expect(violations).toEqual([]);
  });
});
