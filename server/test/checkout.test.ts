import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import "../src/jobs/job-definitions.js";
import type { App } from "../src/http/app-types.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { retryOnDeadlock } from "../src/lib/retry-on-deadlock.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { redeemCoupons } from "../src/modules/promotions/checkout/redeem-coupons.js";
import {
  releaseExpiredReservations,
  reserveCoupons,
} from "../src/modules/promotions/checkout/reservations.js";
import { randomCouponCode } from "../src/modules/promotions/coupons/coupon-codes.js";
import { coupons, couponTemplates } from "../src/modules/promotions/coupons/tables.js";
import type { CouponRuleInput } from "../src/modules/promotions/engine/coupon-rule.js";
import { createStore } from "../src/modules/stores/manage-stores.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

const manJian100: CouponRuleInput = { kind: "amount_off", amountOff: 1000, minSpend: 10000 };
const cart200 = [
  { lineId: "tea", sku: "tea", category: "drinks", quantity: 2, unitPrice: 5000 },
  { lineId: "cake", sku: "cake", category: "food", quantity: 1, unitPrice: 10000 },
];
const validFrom = new Date("2026-01-01T00:00:00Z");
const validUntil = new Date("2099-01-01T00:00:00Z");

describe("retrying a transaction PostgreSQL aborted", () => {
  it("runs it again after a deadlock or serialization failure, at most three times, and not after other errors", async () => {
    const failing = (code: string, times: number) => {
      let calls = 0;
      return {
        run: async () => {
          calls += 1;
          if (calls <= times) throw Object.assign(new Error("aborted"), { cause: { code } });
          return calls;
        },
        calls: () => calls,
      };
    };
    const deadlock = failing("40P01", 2);
    expect(await retryOnDeadlock(deadlock.run)).toBe(3);
    const serialization = failing("40001", 1);
    expect(await retryOnDeadlock(serialization.run)).toBe(2);
    const stuck = failing("40P01", 5);
    await expect(retryOnDeadlock(stuck.run)).rejects.toThrow("aborted");
    expect(stuck.calls()).toBe(3);
    const other = failing("23505", 1);
    await expect(retryOnDeadlock(other.run)).rejects.toThrow("aborted");
    expect(other.calls()).toBe(1);
  });
});

describeEachDatabase("checkout", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
  });
  afterAll(async () => {
    await app.close();
  });

  const merchantId = () => shop.merchant.id;

  async function newCustomer(): Promise<string> {
    return withMerchant(use(), merchantId(), async (tx) => {
      const customer = await createCustomer(tx, merchantId(), { name: "会员" }, { source: "api" });
      return customer.id;
    });
  }

  async function newTemplate(
    rule: CouponRuleInput,
    limits: { budget?: number; perCustomerLimit?: number } = {},
  ): Promise<string> {
    return withMerchant(use(), merchantId(), async (tx) => {
      const [row] = await tx
        .insert(couponTemplates)
        .values({
          merchantId: merchantId(),
          name: "测试券",
          rule: rule as Record<string, unknown>,
          validUntil,
          budget: limits.budget ?? null,
          perCustomerLimit: limits.perCustomerLimit ?? null,
        })
        .returning({ id: couponTemplates.id });
      return row!.id;
    });
  }

  async function issue(
    templateId: string,
    customerId: string | null,
    count = 1,
    until = validUntil,
  ): Promise<string[]> {
    return withMerchant(use(), merchantId(), async (tx) => {
      const rows = await tx
        .insert(coupons)
        .values(
          Array.from({ length: count }, (_, i) => ({
            merchantId: merchantId(),
            templateId,
            customerId,
            code: randomCouponCode(),
            validFrom,
            validUntil: until,
            source: "manual",
            issueKey: `test:${randomUUID()}`,
            issueSeq: i + 1,
          })),
        )
        .returning({ code: coupons.code });
      return rows.map((row) => row.code);
    });
  }

  async function couponByCode(code: string) {
    return withMerchant(use(), merchantId(), async (tx) => {
      const [row] = await tx
        .select()
        .from(coupons)
        .where(and(eq(coupons.merchantId, merchantId()), eq(coupons.code, code)));
      return row!;
    });
  }

  async function spentOf(templateId: string): Promise<number> {
    return withMerchant(use(), merchantId(), async (tx) => {
      const [row] = await tx
        .select({ spent: couponTemplates.spent })
        .from(couponTemplates)
        .where(and(eq(couponTemplates.merchantId, merchantId()), eq(couponTemplates.id, templateId)));
      return row!.spent;
    });
  }

  async function eventCount(type: string, redemptionId: string): Promise<number> {
    const result = await withSystem(use(), (tx) =>
      tx.execute(sql`select count(*)::int as n from events where type = ${type}
        and properties->>'redemptionId' = ${redemptionId}`),
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
  }

  /** Rows of every checkout-related table plus events, read past row-level security. */
  async function footprint(): Promise<string> {
    return withSystem(use(), async (tx) => {
      const result = (await tx.execute(sql`
        select (select count(*) from coupon_redemptions)::int as redemptions,
               (select count(*) from coupon_redemption_shares)::int as shares,
               (select count(*) from coupon_reservations)::int as reservations,
               (select count(*) from events)::int as events,
               (select coalesce(sum(spent), 0) from coupon_templates)::bigint::text as spent,
               (select string_agg(id::text || status || coalesce(customer_id::text, '-'), ',' order by id) from coupons) as coupons
      `)) as unknown as { rows: unknown[] };
      return JSON.stringify(result.rows[0]);
    });
  }

  const post = (url: string, payload: unknown, key: string | null = randomUUID(), apiKey = shop.apiKey) =>
    app.inject({
      method: "POST",
      url,
      headers: { ...bearer(apiKey), ...(key ? { "idempotency-key": key } : {}) },
      payload: payload as object,
    });

  it("quotes the best combination and explains the rest, writing nothing", async () => {
    const customer = await newCustomer();
    const order = await newTemplate(manJian100);
    const bigger = await newTemplate({ kind: "amount_off", amountOff: 2000, minSpend: 15000 });
    const drinks = await newTemplate({
      kind: "percent_off",
      percentOff: 10,
      scope: { includeCategories: ["drinks"] },
      stacking: { group: "category" },
    });
    const [small] = await issue(order, customer);
    const [big] = await issue(bigger, customer);
    const [drink] = await issue(drinks, customer);
    const stranger = await newCustomer();
    const before = await footprint();
    const res = await post(
      "/api/v1/checkout/quote",
      { customerId: customer, lines: cart200, coupons: "best" },
      null,
    );
    expect(res.statusCode).toBe(200);
    const quote = res.json();
    expect(quote.applied.map((a: { code: string }) => a.code).sort()).toEqual([big, drink].sort());
    expect(quote.totals).toEqual({ before: 20000, discount: 3000, after: 17000, giftValue: 0 });
    expect(quote.rejected).toMatchObject([{ code: small, reason: { code: "stacking_conflict" } }]);
    const chosen = await post(
      "/api/v1/checkout/quote",
      { customerId: customer, lines: cart200, coupons: [small, "NOPE-NOPE-NOPE"] },
      null,
    );
    expect(chosen.json().totals.discount).toBe(1000);
    expect(chosen.json().rejected[0]).toMatchObject({
      code: "NOPE-NOPE-NOPE",
      reason: { code: "not_found" },
    });
    const theirs = await post(
      "/api/v1/checkout/quote",
      { customerId: stranger, lines: cart200, coupons: [small] },
      null,
    );
    expect(theirs.json().rejected[0].reason.code).toBe("wrong_customer");
    expect(theirs.json().rejected[0].message.zhCN).toContain("其他顾客");
    expect(await footprint()).toBe(before);
  });

  it("redeems once per Idempotency-Key and rolls back exactly once", async () => {
    const customer = await newCustomer();
    const template = await newTemplate(manJian100, { budget: 100_000 });
    const [code] = await issue(template, customer);
    const body = { customerId: customer, lines: cart200, coupons: [code], orderRef: "POS-1" };
    expect((await post("/api/v1/checkout/redeem", body, null)).json().error.code).toBe(
      "idempotency_key_required",
    );
    const key = randomUUID();
    const first = await post("/api/v1/checkout/redeem", body, key);
    expect(first.statusCode).toBe(201);
    const redemption = first.json();
    expect(redemption).toMatchObject({ status: "redeemed", subtotal: 20000, discount: 1000, total: 19000 });
    expect(redemption.coupons[0].shares).toEqual([
      { lineId: "tea", amount: 500 },
      { lineId: "cake", amount: 500 },
    ]);
    expect((await couponByCode(code!)).status).toBe("redeemed");
    expect(await spentOf(template)).toBe(1000);
    expect(await eventCount("coupon.redeemed", redemption.id)).toBe(1);
    const again = await post("/api/v1/checkout/redeem", body, key);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(redemption.id);
    const changed = await post("/api/v1/checkout/redeem", { ...body, orderRef: "POS-2" }, key);
    expect(changed.json().error.code).toBe("idempotency_conflict");
    const reused = await post("/api/v1/checkout/redeem", body);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error).toMatchObject({
      code: "coupon_not_applicable",
      details: { reason: "already_redeemed" },
    });

    const rollbackUrl = `/api/v1/redemptions/${redemption.id}/rollback`;
    const results = await Promise.all(Array.from({ length: 20 }, () => post(rollbackUrl, {})));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(
      results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === "already_done"),
    ).toBe(true);
    expect((await couponByCode(code!)).status).toBe("available");
    expect(await spentOf(template)).toBe(0);
    expect(await eventCount("coupon.rolled_back", redemption.id)).toBe(1);
    const rollbackKey = randomUUID();
    expect((await post(rollbackUrl, {}, rollbackKey)).statusCode).toBe(409);
    const view = await app.inject({
      method: "GET",
      url: `/api/v1/redemptions/${redemption.id}`,
      headers: bearer(shop.apiKey),
    });
    expect(view.json()).toMatchObject({ status: "rolled_back" });
    // The coupon is usable again.
    expect((await post("/api/v1/checkout/redeem", body)).statusCode).toBe(201);
  });

  it("answers 30 parallel redeems under one key with one redemption", async () => {
    const customer = await newCustomer();
    const template = await newTemplate(manJian100);
    await issue(template, customer, 3);
    const key = randomUUID();
    const body = { customerId: customer, lines: cart200, coupons: "best" };
    const results = await Promise.all(
      Array.from({ length: 30 }, () => post("/api/v1/checkout/redeem", body, key)),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(29);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const redeemed = await withMerchant(use(), merchantId(), (tx) =>
      tx
        .select()
        .from(coupons)
        .where(
          and(
            eq(coupons.merchantId, merchantId()),
            eq(coupons.customerId, customer),
            eq(coupons.status, "redeemed"),
          ),
        ),
    );
    expect(redeemed).toHaveLength(1);
  });

  it("replays a rollback under the same key", async () => {
    const template = await newTemplate(manJian100);
    const [code] = await issue(template, null);
    const redemption = (await post("/api/v1/checkout/redeem", { lines: cart200, coupons: [code] })).json();
    const key = randomUUID();
    const url = `/api/v1/redemptions/${redemption.id}/rollback`;
    expect((await post(url, { reason: "退货" }, key)).statusCode).toBe(200);
    expect((await post(url, { reason: "退货" }, key)).statusCode).toBe(200);
    expect((await post(url, { reason: "其他" }, key)).json().error.code).toBe("idempotency_conflict");
  });

  it("lets exactly one of 500 parallel redeems of a single-use code succeed", async () => {
    const template = await newTemplate(manJian100);
    const [code] = await issue(template, null);
    const results = await Promise.all(
      Array.from({ length: 500 }, () => post("/api/v1/checkout/redeem", { lines: cart200, coupons: [code] })),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(499);
    const count = await withMerchant(use(), merchantId(), async (tx) =>
      tx.execute(sql`select count(*)::int as n from coupon_redemption_coupons c join coupons k
        on k.merchant_id = c.merchant_id and k.id = c.coupon_id where k.code = ${code}`),
    );
    expect((count as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  }, 180_000);

  it("never spends more than the budget under parallel redeems", async () => {
    const template = await newTemplate(manJian100, { budget: 10_000 });
    const codes = await issue(template, null, 30);
    const results = await Promise.all(
      codes.map((code) => post("/api/v1/checkout/redeem", { lines: cart200, coupons: [code] })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.statusCode === 422);
    expect(refused).toHaveLength(20);
    expect(refused.every((r) => r.json().error.details.reason === "budget_exhausted")).toBe(true);
    expect(await spentOf(template)).toBe(10_000);
  });

  it("charges two stacked templates' budgets together, and neither when one runs out", async () => {
    // 满100减10 stacked with 10% off drinks (1,000 分 on this cart): 8 carts fit the drinks budget.
    const order = await newTemplate(manJian100, { budget: 1_000_000 });
    const drinks = await newTemplate(
      {
        kind: "percent_off",
        percentOff: 10,
        scope: { includeCategories: ["drinks"] },
        stacking: { group: "category" },
      },
      { budget: 8_000 },
    );
    const orderCodes = await issue(order, null, 20);
    const drinkCodes = await issue(drinks, null, 20);
    const results = await Promise.all(
      orderCodes.map((code, i) =>
        post("/api/v1/checkout/redeem", { lines: cart200, coupons: [code, drinkCodes[i]!] }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(8);
    const refused = results.filter((r) => r.statusCode === 422);
    expect(refused).toHaveLength(12);
    expect(refused.every((r) => r.json().error.details.reason === "budget_exhausted")).toBe(true);
    expect(await spentOf(drinks)).toBe(8_000);
    expect(await spentOf(order)).toBe(8 * 1_000);
  });

  it("filters the redemption log by template, store and time, and refuses a backwards range", async () => {
    const store = await withMerchant(use(), merchantId(), (tx) =>
      createStore(tx, merchantId(), { code: `S${Date.now()}`, name: "一号店" }),
    );
    const a = await newTemplate(manJian100);
    const b = await newTemplate(manJian100);
    const [a1, a2] = await issue(a, null, 2);
    const [b1] = await issue(b, null, 1);
    const redeemAt = (code: string, at: string, storeId?: string) =>
      redeemCoupons(use(), merchantId(), { lines: cart200, coupons: [code], storeId }, randomUUID(), {
        actor: { kind: "system", name: "test" },
        source: "api",
        now: new Date(at),
      });
    const first = await redeemAt(a1!, "2026-03-01T02:00:00Z", store.id);
    const second = await redeemAt(b1!, "2026-03-02T02:00:00Z");
    const third = await redeemAt(a2!, "2026-03-03T02:00:00Z");
    const list = async (query: string) => {
      const res = await app.inject({
        method: "GET",
        url: `/api/v1/redemptions?${query}`,
        headers: bearer(shop.apiKey),
      });
      expect(res.statusCode).toBe(200);
      return res.json().data.map((r: { id: string }) => r.id);
    };
    expect(await list(`templateId=${a}`)).toEqual([third.redemption.id, first.redemption.id]);
    expect(await list(`templateId=${a}&storeId=${store.id}`)).toEqual([first.redemption.id]);
    expect(
      await list(`from=${encodeURIComponent("2026-03-02T00:00:00+08:00")}&to=2026-03-03T02:00:00Z`),
    ).toEqual([second.redemption.id]);
    const backwards = await app.inject({
      method: "GET",
      url: "/api/v1/redemptions?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z",
      headers: bearer(shop.apiKey),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe("validation_failed");
  });

  it("previews an unsaved rule on a sample cart with the quote's arithmetic, writing nothing", async () => {
    const before = await footprint();
    const preview = (payload: unknown) => post("/api/v1/checkout/preview-rule", payload, null);
    const fits = await preview({ rule: manJian100, lines: cart200 });
    expect(fits.statusCode).toBe(200);
    expect(fits.json().totals).toEqual({ before: 20000, discount: 1000, after: 19000, giftValue: 0 });
    expect(fits.json().applied[0]).toMatchObject({ code: "PREVIEW", discount: 1000 });
    const short = await preview({ rule: { ...manJian100, minSpend: 30000 }, lines: cart200 });
    expect(short.json().applied).toEqual([]);
    expect(short.json().rejected[0].reason.code).toBe("below_min_spend");
    const firstOrder = await preview({ rule: { kind: "first_order", amountOff: 500 }, lines: cart200 });
    expect(firstOrder.json().totals.discount).toBe(500);
    const bad = await preview({ rule: { kind: "amount_off", amountOff: -5 }, lines: cart200 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    expect(await footprint()).toBe(before);
  });

  it("binds unassigned codes within the per-customer limit, even in parallel", async () => {
    const customer = await newCustomer();
    const template = await newTemplate(manJian100, { perCustomerLimit: 2 });
    const codes = await issue(template, null, 6);
    const results = await Promise.all(
      codes.map((code) =>
        post("/api/v1/checkout/redeem", { customerId: customer, lines: cart200, coupons: [code] }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(
      results
        .filter((r) => r.statusCode === 422)
        .every((r) => r.json().error.details.reason === "limit_reached"),
    ).toBe(true);
    const bound = await withMerchant(use(), merchantId(), (tx) =>
      tx
        .select()
        .from(coupons)
        .where(and(eq(coupons.merchantId, merchantId()), eq(coupons.customerId, customer))),
    );
    expect(bound.map((row) => row.status)).toEqual(["redeemed", "redeemed"]);
  });

  it("holds a reserved coupon for its cart only, until the hold runs out", async () => {
    const customer = await newCustomer();
    const template = await newTemplate(manJian100);
    const [code] = await issue(template, customer);
    const reserved = await post("/api/v1/checkout/reservations", {
      customerId: customer,
      lines: cart200,
      coupons: [code],
      holdMinutes: 5,
    });
    expect(reserved.statusCode).toBe(201);
    const reservation = reserved.json();
    expect((await couponByCode(code!)).status).toBe("reserved");
    const elsewhere = await post("/api/v1/checkout/redeem", {
      customerId: customer,
      lines: cart200,
      coupons: [code],
    });
    expect(elsewhere.json().error.details.reason).toBe("reserved");
    const quote = await post(
      "/api/v1/checkout/quote",
      { customerId: customer, lines: cart200, coupons: "best" },
      null,
    );
    expect(quote.json().applied).toEqual([]);
    const redeemed = await post("/api/v1/checkout/redeem", {
      customerId: customer,
      lines: cart200,
      reservationId: reservation.id,
    });
    expect(redeemed.statusCode).toBe(201);
    expect(redeemed.json().reservationId).toBe(reservation.id);
    const twice = await post("/api/v1/checkout/redeem", {
      customerId: customer,
      lines: cart200,
      reservationId: reservation.id,
    });
    expect(twice.json().error.details.reason).toBe("reservation_redeemed");

    // A hold made 10 minutes ago for 5 minutes has run out: others may use the coupon, and the job frees it.
    const [late] = await issue(template, customer);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const { reservation: stale } = await reserveCoupons(
      use(),
      merchantId(),
      { customerId: customer, lines: cart200, coupons: [late!], holdMinutes: 5 },
      randomUUID(),
      { actor: { kind: "system", name: "test" }, source: "api", now: tenMinutesAgo },
    );
    expect((await couponByCode(late!)).status).toBe("reserved");
    const expiredHold = await post("/api/v1/checkout/redeem", {
      customerId: customer,
      lines: cart200,
      reservationId: stale.id,
    });
    expect(expiredHold.json().error.details.reason).toBe("reservation_expired");
    const released = await releaseExpiredReservations(use(), new Date());
    expect(released.coupons).toBeGreaterThanOrEqual(1);
    expect((await couponByCode(late!)).status).toBe("available");
    expect(
      (await post("/api/v1/checkout/redeem", { customerId: customer, lines: cart200, coupons: [late] }))
        .statusCode,
    ).toBe(201);
  });

  it("releases expired holds every minute as a registered job", async () => {
    expect(findJobDefinition("checkout.release_reservations")).toBeDefined();
    const [schedule] = await use().query<{ job_name: string; cron: string }>(
      "select job_name, cron from job_schedules where name = 'checkout.release_reservations'",
    );
    expect(schedule).toEqual({ job_name: "checkout.release_reservations", cron: "* * * * *" });
  });

  it("keeps shops apart", async () => {
    const template = await newTemplate(manJian100);
    const [code] = await issue(template, null);
    const quote = await post(
      "/api/v1/checkout/quote",
      { lines: cart200, coupons: [code] },
      null,
      other.apiKey,
    );
    expect(quote.json().rejected[0].reason.code).toBe("not_found");
    const redeem = await post(
      "/api/v1/checkout/redeem",
      { lines: cart200, coupons: [code] },
      randomUUID(),
      other.apiKey,
    );
    expect(redeem.statusCode).toBe(422);
    const mine = (await post("/api/v1/checkout/redeem", { lines: cart200, coupons: [code] })).json();
    const rollback = await post(`/api/v1/redemptions/${mine.id}/rollback`, {}, randomUUID(), other.apiKey);
    expect(rollback.statusCode).toBe(404);
    const view = await app.inject({
      method: "GET",
      url: `/api/v1/redemptions/${mine.id}`,
      headers: bearer(other.apiKey),
    });
    expect(view.statusCode).toBe(404);
  });

  it("answers bad input with 4xx and writes nothing", async () => {
    const template = await newTemplate(manJian100);
    const [code] = await issue(template, null);
    const before = await footprint();
    const cases: [string, unknown][] = [
      ["/api/v1/checkout/redeem", { lines: [], coupons: [code] }],
      ["/api/v1/checkout/redeem", { lines: cart200 }],
      ["/api/v1/checkout/redeem", { lines: cart200, coupons: [code], reservationId: randomUUID() }],
      ["/api/v1/checkout/redeem", { lines: [{ sku: "a", quantity: 1, unitPrice: -1 }], coupons: [code] }],
      ["/api/v1/checkout/redeem", { lines: [...cart200, cart200[0]], coupons: [code] }],
      ["/api/v1/checkout/redeem", { customerId: randomUUID(), lines: cart200, coupons: [code] }],
      ["/api/v1/checkout/redeem", { storeId: randomUUID(), lines: cart200, coupons: [code] }],
      ["/api/v1/checkout/redeem", { lines: cart200, reservationId: randomUUID() }],
      ["/api/v1/checkout/redeem", { lines: [{ sku: "a", quantity: 1, unitPrice: 5000 }], coupons: [code] }],
      ["/api/v1/checkout/reservations", { lines: cart200, coupons: [code], holdMinutes: 0 }],
      ["/api/v1/checkout/reservations", { lines: cart200, coupons: ["NOPENOPENOPE"] }],
      [`/api/v1/redemptions/${randomUUID()}/rollback`, {}],
    ];
    for (const [url, payload] of cases) {
      const res = await post(url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toMatch(/^[a-z_]+$/);
    }
    expect(await footprint()).toBe(before);
  });

  it("rolls the redemption back when its order is refunded in full, not when partly", async () => {
    const template = await newTemplate(manJian100);
    const [partCode, fullCode] = await issue(template, null, 2);
    const orderWith = async (code: string, externalId: string) => {
      const redemption = (
        await post("/api/v1/checkout/redeem", { lines: cart200, coupons: [code], orderRef: externalId })
      ).json();
      const order = await post("/api/v1/orders", {
        externalId,
        placedAt: "2026-11-30T10:00:00+08:00",
        items: [
          {
            sku: "tea",
            name: "茶",
            category: "drinks",
            quantity: 2,
            unitPrice: 5000,
            discount: redemption.lines[0].discount,
          },
          {
            sku: "cake",
            name: "蛋糕",
            category: "food",
            quantity: 1,
            unitPrice: 10000,
            discount: redemption.lines[1].discount,
          },
        ],
        redemptionId: redemption.id,
      });
      expect(order.statusCode).toBe(201);
      return { redemption, order: order.json() };
    };
    const part = await orderWith(partCode!, "R-PART");
    expect(part.order.total).toBe(part.redemption.total);
    const partRefund = await post(`/api/v1/orders/${part.order.id}/refunds`, {
      lines: [{ lineNo: 1, quantity: 1 }],
    });
    // One of two teas: half the tea line's net amount, i.e. its price less its share of the coupon.
    expect(partRefund.json().refundedAmount).toBe(part.redemption.lines[0].netAmount / 2);
    const afterPart = await app.inject({
      method: "GET",
      url: `/api/v1/redemptions/${part.redemption.id}`,
      headers: bearer(shop.apiKey),
    });
    expect(afterPart.json().status).toBe("redeemed");
    const full = await orderWith(fullCode!, "R-FULL");
    const refund = await post(`/api/v1/orders/${full.order.id}/refunds`, {});
    expect(refund.statusCode).toBeLessThan(300);
    const afterFull = await app.inject({
      method: "GET",
      url: `/api/v1/redemptions/${full.redemption.id}`,
      headers: bearer(shop.apiKey),
    });
    expect(afterFull.json().status).toBe("rolled_back");
    const trail = await withSystem(use(), (tx) =>
      tx.execute(sql`select e.source, r.rollback_source from events e
        join coupon_redemptions r on r.id::text = e.properties->>'redemptionId'
        where e.type = 'coupon.rolled_back' and r.id = ${full.redemption.id}::uuid`),
    );
    expect((trail as unknown as { rows: unknown[] }).rows).toEqual([
      { source: "api", rollback_source: "order_refund" },
    ]);
    expect((await couponByCode(fullCode!)).status).toBe("available");
    const unknown = await post("/api/v1/orders", {
      externalId: "R-BAD",
      placedAt: "2026-11-30T10:00:00+08:00",
      items: [{ sku: "tea", name: "茶", quantity: 1, unitPrice: 5000 }],
      redemptionId: randomUUID(),
    });
    expect(unknown.statusCode).toBe(422);
    const twice = await post("/api/v1/orders", {
      externalId: "R-TWICE",
      placedAt: "2026-11-30T10:00:00+08:00",
      items: [{ sku: "tea", name: "茶", quantity: 1, unitPrice: 5000 }],
      redemptionId: part.redemption.id,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: "conflict", details: { orderId: part.order.id } });
  });
});
