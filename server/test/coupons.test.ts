import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { findOrCreateCustomer } from "../src/modules/customers/create-customer.js";
import { issueRewardCoupon } from "../src/modules/loyalty/checkin/coupon-hook.js";
import { walletBalance } from "../src/modules/loyalty/ledger/wallet-balance.js";
import { issueLevelCoupon } from "../src/modules/loyalty/levels/level-rewards.js";
import { earnPoints } from "../src/modules/loyalty/points/earn-points.js";
import { createMemberSession } from "../src/modules/members/member-sessions.js";
import {
  codeAlphabet,
  formatCouponCode,
  normaliseCouponCode,
  randomCouponCode,
} from "../src/modules/promotions/coupons/coupon-codes.js";
import { couponValidity } from "../src/modules/promotions/coupons/validity.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

describe("coupon codes and validity (pure)", () => {
  it("draws 12 symbols from the unambiguous alphabet and reads typed codes back", () => {
    const codes = new Set(Array.from({ length: 2000 }, randomCouponCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${codeAlphabet}]{12}$`));
    expect(codeAlphabet).not.toMatch(/[01OI]/);
    const code = [...codes][0] as string;
    expect(normaliseCouponCode(formatCouponCode(code).toLowerCase().replaceAll(" ", "-"))).toBe(code);
    expect(normaliseCouponCode("ABCD-EFGH-JKL0")).toBeNull();
    expect(normaliseCouponCode("ABCD")).toBeNull();
  });

  it.each([
    ["2026-11-30T15:59:59Z", 1, "Asia/Shanghai", "2026-11-30T16:00:00.000Z"],
    ["2026-11-30T16:00:00Z", 1, "Asia/Shanghai", "2026-12-01T16:00:00.000Z"],
    ["2026-11-30T02:00:00Z", 7, "Asia/Shanghai", "2026-12-06T16:00:00.000Z"],
    ["2026-10-31T12:00:00Z", 2, "America/New_York", "2026-11-02T05:00:00.000Z"],
  ])("a coupon issued at %s valid %i day(s) in %s ends at %s", (at, days, zone, until) => {
    const validity = couponValidity(
      { validFrom: null, validUntil: null, validDays: days },
      new Date(at),
      zone,
    );
    expect(validity.validFrom.toISOString()).toBe(new Date(at).toISOString());
    expect(validity.validUntil.toISOString()).toBe(until);
  });
});

const rule = { kind: "threshold", tiers: [{ minSpend: 10000, amountOff: 1000 }] };
const fixed = { type: "fixed", validUntil: "2099-01-01T00:00:00Z" };

describeEachDatabase("coupons", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;
  let owner: StaffClient;
  let phones = 0;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(() => app.close());

  const merchantId = () => shop.merchant.id;

  async function newCustomer(target: Shop = shop): Promise<string> {
    phones += 1;
    const phone = `1370000${String(phones).padStart(4, "0")}`;
    const { id } = await withMerchant(use(), target.merchant.id, (tx) =>
      findOrCreateCustomer(tx, target.merchant.id, { phone }, { source: "api" }),
    );
    return id;
  }

  async function newMember(target: Shop = shop) {
    const id = await newCustomer(target);
    const token = await createMemberSession(use(), target.merchant.id, id);
    const headers = { cookie: `quanzi_member=${token}`, "x-requested-with": "quanzi" };
    const base = `/api/m/${target.merchant.slug}`;
    return {
      id,
      centre: () => app.inject({ method: "GET", url: `${base}/coupon-centre`, headers }),
      claim: (templateId: string, key: string = randomUUID()) =>
        app.inject({
          method: "POST",
          url: `${base}/coupon-centre/${templateId}/claim`,
          headers: { ...headers, "idempotency-key": key },
        }),
      coupons: (status = "available") =>
        app.inject({ method: "GET", url: `${base}/coupons?status=${status}`, headers }),
      bind: (code: string) =>
        app.inject({ method: "POST", url: `${base}/coupons/bind`, headers, payload: { code } }),
    };
  }

  async function createTemplate(body: Record<string, unknown> = {}) {
    const res = await owner.call("POST", "/api/v1/coupon-templates", {
      name: "满100减10",
      rule,
      validity: fixed,
      claimable: true,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; issued: number; remaining: number | null };
  }

  async function count(query: ReturnType<typeof sql>): Promise<number> {
    return withSystem(use(), async (tx) => rowsOf<{ n: number }>(await tx.execute(query))[0]?.n ?? 0);
  }
  const couponsOfTemplate = (templateId: string) =>
    count(sql`select count(*)::int as n from coupons where template_id = ${templateId}`);
  const issuedCounter = (templateId: string) =>
    count(sql`select issued_count as n from coupon_templates where id = ${templateId}`);

  it("creates, reads, changes and deletes a template, naming the field of a bad one", async () => {
    const created = await createTemplate({ stock: 10, validity: { type: "days_after_issue", days: 7 } });
    const got = await owner.call("GET", `/api/v1/coupon-templates/${created.id}`);
    expect(got.json()).toMatchObject({
      summary: "满100减10",
      stock: 10,
      issued: 0,
      remaining: 10,
      status: "active",
    });
    expect(got.json().validity).toEqual({ type: "days_after_issue", days: 7 });
    const paused = await owner.call("PATCH", `/api/v1/coupon-templates/${created.id}`, { status: "paused" });
    expect(paused.json().status).toBe("paused");
    const bad = await owner.call("POST", "/api/v1/coupon-templates", {
      name: "x",
      rule: { kind: "threshold", tiers: [{ minSpend: 100, amountOff: 500 }] },
      validity: fixed,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    expect(JSON.stringify(bad.json().error.details.issues)).toContain("tiers");
    const badDates = await owner.call("POST", "/api/v1/coupon-templates", {
      name: "x",
      rule,
      validity: { type: "fixed", validFrom: "2099-02-01T00:00:00Z", validUntil: "2099-01-01T00:00:00Z" },
    });
    expect(badDates.statusCode).toBe(400);
    expect(badDates.json().error.details.issues[0].path).toBe("body.validity.validUntil");
    const badAudience = await owner.call("POST", "/api/v1/coupon-templates", {
      name: "x",
      rule,
      validity: fixed,
      audience: { kind: "segment", id: randomUUID() },
    });
    expect(badAudience.statusCode).toBe(400);
    expect(badAudience.json().error.details.issues[0].path).toBe("body.audience.id");
    const deleted = await owner.call("DELETE", `/api/v1/coupon-templates/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await owner.call("GET", `/api/v1/coupon-templates/${created.id}`)).statusCode).toBe(404);
  });

  it("keeps the per-customer limit under 30 parallel claims of one member", async () => {
    const template = await createTemplate({ perCustomerLimit: 3 });
    const member = await newMember();
    const results = await Promise.all(Array.from({ length: 30 }, () => member.claim(template.id)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(27);
    expect(results.find((r) => r.statusCode === 409)?.json().error.code).toBe("limit_reached");
    expect(await couponsOfTemplate(template.id)).toBe(3);
    expect(await issuedCounter(template.id)).toBe(3);
    const centre = (await member.centre()).json().data.find((t: { id: string }) => t.id === template.id);
    expect(centre).toMatchObject({
      claimed: 3,
      myRemaining: 0,
      available: false,
      unavailableReason: "limit_reached",
    });
  });

  it("never issues more than the stock under 200 parallel claims of many members", async () => {
    const template = await createTemplate({ stock: 50, perCustomerLimit: 1 });
    const members = await Promise.all(Array.from({ length: 200 }, () => newMember()));
    const results = await Promise.all(members.map((m) => m.claim(template.id)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    expect(results.find((r) => r.statusCode === 409)?.json().error.code).toBe("out_of_stock");
    expect(await couponsOfTemplate(template.id)).toBe(50);
    expect(await issuedCounter(template.id)).toBe(50);
    const codes = await count(
      sql`select count(distinct code)::int as n from coupons where template_id = ${template.id}`,
    );
    expect(codes).toBe(50);
  });

  it("answers the same claim key with the first coupon and issues it once", async () => {
    const template = await createTemplate();
    const member = await newMember();
    const key = randomUUID();
    const first = await member.claim(template.id, key);
    expect(first.statusCode).toBe(201);
    const [again, twin] = await Promise.all([member.claim(template.id, key), member.claim(template.id, key)]);
    expect(again.statusCode).toBe(200);
    expect(twin.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await couponsOfTemplate(template.id)).toBe(1);
    const otherTemplate = await createTemplate();
    const conflict = await member.claim(otherTemplate.id, key);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe("idempotency_conflict");
    const mine = (await member.coupons()).json().data;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ summary: "满100减10", status: "available", templateId: template.id });
    expect(mine[0].code).toMatch(/^[A-Z2-9]{12}$/);
  });

  it("issues the loyalty rewards' coupons for real, once per reward key, and records what it cannot issue", async () => {
    const template = await createTemplate({ claimable: false, perCustomerLimit: 5 });
    const customer = await newCustomer();
    const give = () =>
      withMerchant(use(), merchantId(), async (tx) => {
        await issueRewardCoupon(tx, merchantId(), {
          customerId: customer,
          spec: { templateId: template.id, quantity: 2 },
          reason: "checkin",
          rewardKey: `checkin:${customer}:2026-12-03`,
          source: "member",
        });
        await issueLevelCoupon(tx, merchantId(), {
          customerId: customer,
          levelId: randomUUID(),
          spec: { templateId: template.id, quantity: 1 },
          rewardKey: `level-reward:${customer}:gold`,
        });
      });
    await give();
    await give();
    const rows = await withSystem(use(), async (tx) =>
      rowsOf<{ issue_key: string; source: string }>(
        await tx.execute(
          sql`select issue_key, source from coupons where customer_id = ${customer} order by issue_key, issue_seq`,
        ),
      ),
    );
    expect(rows).toEqual([
      { issue_key: `checkin:${customer}:2026-12-03`, source: "trigger:checkin" },
      { issue_key: `checkin:${customer}:2026-12-03`, source: "trigger:checkin" },
      { issue_key: `level-reward:${customer}:gold`, source: "trigger:level_up" },
    ]);
    expect(await issuedCounter(template.id)).toBe(3);
    const dueEvents = sql`select count(*)::int as n from events where customer_id = ${customer} and type = 'coupon.due'`;
    expect(await count(dueEvents)).toBe(0);

    await owner.call("PATCH", `/api/v1/coupon-templates/${template.id}`, { status: "paused" });
    await withMerchant(use(), merchantId(), (tx) =>
      issueRewardCoupon(tx, merchantId(), {
        customerId: customer,
        spec: { templateId: template.id, quantity: 1 },
        reason: "welcome_gift",
        rewardKey: `welcome:${customer}`,
        source: "member",
      }),
    );
    expect(await count(dueEvents)).toBe(1);
    const [due] = await withSystem(use(), async (tx) =>
      rowsOf<{ properties: Record<string, unknown> }>(
        await tx.execute(
          sql`select properties from events where customer_id = ${customer} and type = 'coupon.due'`,
        ),
      ),
    );
    expect(due?.properties).toMatchObject({ unissued: "paused", rewardKey: `welcome:${customer}` });
    expect(await couponsOfTemplate(template.id)).toBe(3);
  });

  it("hands over a points-mall coupon item by issuing its coupons, and fails the exchange when it cannot", async () => {
    const template = await createTemplate({ claimable: false, stock: 2 });
    const customer = await newCustomer();
    await withMerchant(use(), merchantId(), (tx) =>
      earnPoints(tx, merchantId(), {
        customerId: customer,
        points: 1000,
        idempotencyKey: `test:${randomUUID()}`,
        reason: { code: "api_earn" },
        source: "test",
        actor: { kind: "system", name: "test" },
      }),
    );
    const item = await owner.call("POST", "/api/v1/mall/items", {
      kind: "coupon",
      name: "10元券",
      pointsPrice: 100,
      couponSpec: { templateId: template.id, quantity: 1 },
    });
    expect(item.statusCode, item.body).toBe(201);
    const exchange = (quantity: number) =>
      app.inject({
        method: "POST",
        url: "/api/v1/mall/exchanges",
        headers: { ...bearer(shop.apiKey), "idempotency-key": randomUUID() },
        payload: { customerId: customer, itemId: item.json().id, quantity },
      });
    const done = await exchange(2);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().status).toBe("verified");
    const keys = await withSystem(use(), async (tx) =>
      rowsOf<{ issue_key: string }>(
        await tx.execute(sql`select distinct issue_key from coupons where template_id = ${template.id}`),
      ).map((r) => r.issue_key),
    );
    expect(keys).toEqual([`mall:${done.json().id}`]);
    expect(await couponsOfTemplate(template.id)).toBe(2);
    const refused = await exchange(1);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("out_of_stock");
    const points = await withMerchant(use(), merchantId(), (tx) =>
      walletBalance(tx, merchantId(), customer, "points"),
    );
    expect(points.available).toBe(800);
  });
});
