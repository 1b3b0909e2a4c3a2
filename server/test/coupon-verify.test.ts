import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { randomCouponCode } from "../src/modules/promotions/coupons/coupon-codes.js";
import { coupons, couponTemplates } from "../src/modules/promotions/coupons/tables.js";
import type { CouponRuleInput } from "../src/modules/promotions/engine/coupon-rule.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient, staffClientFrom } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

const manJian100: CouponRuleInput = { kind: "amount_off", amountOff: 1000, minSpend: 10000 };
const validUntil = new Date("2099-01-01T00:00:00Z");

describeEachDatabase("coupon verification at the counter", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;
  let clerk: StaffClient;
  let storeId: string;
  let templateId: string;

  const merchantId = () => shop.merchant.id;

  async function signUpClerk(): Promise<StaffClient> {
    const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    const invite = await owner.call("POST", "/api/v1/staff/invitations", {
      email: `clerk-${randomUUID()}@example.com`,
      role: "clerk",
      name: "收银员",
    });
    const token = invite.json().acceptUrl.split("/invite/")[1];
    const accepted = await app.inject({
      method: "POST",
      url: `/api/auth/invitations/${token}/accept`,
      payload: { password: "clerk password 1" },
    });
    return staffClientFrom(app, accepted);
  }

  async function newTemplate(merchant: string, rule: CouponRuleInput, budget: number | null = null) {
    return withMerchant(use(), merchant, async (tx) => {
      const [row] = await tx
        .insert(couponTemplates)
        .values({
          merchantId: merchant,
          name: "满100减10",
          rule: rule as Record<string, unknown>,
          validUntil,
          budget,
        })
        .returning({ id: couponTemplates.id });
      return row!.id;
    });
  }

  /** A member of the shop holding one coupon of the template; returns its code. */
  let phones = 0;
  async function issueToMember(merchant: string, template: string, name = "王小明"): Promise<string> {
    phones += 1;
    return withMerchant(use(), merchant, async (tx) => {
      const phone = `1380013${String(phones).padStart(4, "0")}`;
      const customer = await createCustomer(tx, merchant, { name, phone }, { source: "api" });
      const [row] = await tx
        .insert(coupons)
        .values({
          merchantId: merchant,
          templateId: template,
          customerId: customer.id,
          code: randomCouponCode(),
          validFrom: new Date("2026-01-01T00:00:00Z"),
          validUntil,
          source: "manual",
          issueKey: `test:${randomUUID()}`,
        })
        .returning({ code: coupons.code });
      return row!.code;
    });
  }

  async function couponRow(merchant: string, code: string) {
    return withMerchant(use(), merchant, async (tx) => {
      const [row] = await tx
        .select()
        .from(coupons)
        .where(and(eq(coupons.merchantId, merchant), eq(coupons.code, code)));
      return row!;
    });
  }

  async function countRedemptions(): Promise<number> {
    return withSystem(use(), async (tx) => {
      const result = (await tx.execute(
        sql`select count(*)::int as n from coupon_redemptions`,
      )) as unknown as { rows: { n: number }[] };
      return result.rows[0]!.n;
    });
  }

  async function spentOf(template: string): Promise<number> {
    return withMerchant(use(), merchantId(), async (tx) => {
      const [row] = await tx
        .select({ spent: couponTemplates.spent })
        .from(couponTemplates)
        .where(and(eq(couponTemplates.merchantId, merchantId()), eq(couponTemplates.id, template)));
      return row!.spent;
    });
  }

  const lookUp = (code: string, query = "") =>
    clerk.call("GET", `/api/v1/coupon-verify/${encodeURIComponent(code)}${query}`);

  const verify = (payload: object, key: string | null = randomUUID()): Promise<LightMyRequestResponse> =>
    app.inject({
      method: "POST",
      url: "/api/v1/coupon-verify",
      payload,
      headers: {
        cookie: clerk.cookie,
        "x-csrf-token": clerk.csrfToken,
        ...(key ? { "idempotency-key": key } : {}),
      },
    });

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
    clerk = await signUpClerk();
    storeId = (await clerk.call("GET", "/api/v1/stores")).json().data[0]?.id;
    if (!storeId) {
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      storeId = (await owner.call("POST", "/api/v1/stores", { code: "S1", name: "文三路店" })).json().id;
    }
    templateId = await newTemplate(merchantId(), manJian100, 1_000_000);
  });
  afterAll(async () => {
    await app.close();
  });

  it("shows the clerk the coupon, its owner and the discount on the amount typed", async () => {
    const code = await issueToMember(merchantId(), templateId);
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4, 8)} ${code.slice(8)}`;
    const plain = await lookUp(typed);
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toMatchObject({
      coupon: { code, templateName: "满100减10", summary: "满100减10", status: "available" },
      customer: { name: "王小明", phone: expect.stringMatching(/^1380013\d{4}$/) },
      quote: null,
    });
    const priced = await lookUp(code, `?amount=12345&storeId=${storeId}`);
    expect(priced.json().quote).toEqual({
      amount: 12345,
      applicable: true,
      discount: 1000,
      payable: 11345,
      giftValue: 0,
      gifts: [],
      rejection: null,
    });
  });

  it("refuses an amount below the minimum spend with the reason, and writes nothing", async () => {
    const code = await issueToMember(merchantId(), templateId);
    const quoted = await lookUp(code, "?amount=9999");
    expect(quoted.json().quote).toMatchObject({
      applicable: false,
      discount: 0,
      payable: 9999,
      rejection: { reason: { code: "below_min_spend", minSpend: 10000, shortfall: 1 } },
    });
    const before = await countRedemptions();
    const res = await verify({ code, amount: 9999, storeId });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: "coupon_not_applicable",
      details: { reason: "below_min_spend" },
    });
    expect(await countRedemptions()).toBe(before);
    expect((await couponRow(merchantId(), code)).status).toBe("available");
  });

  it("does not find another shop's code", async () => {
    const foreignTemplate = await newTemplate(other.merchant.id, manJian100);
    const code = await issueToMember(other.merchant.id, foreignTemplate);
    expect((await lookUp(code, "?amount=20000")).statusCode).toBe(404);
    const res = await verify({ code, amount: 20000 });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    expect((await couponRow(other.merchant.id, code)).status).toBe("available");
  });

  it("redeems once under 20 parallel taps; the rest hear it is already used", async () => {
    const code = await issueToMember(merchantId(), templateId);
    const spent = await spentOf(templateId);
    const before = await countRedemptions();
    const taps = await Promise.all(
      Array.from({ length: 20 }, () => verify({ code, amount: 15000, storeId })),
    );
    const statuses = taps.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(422)]);
    for (const refused of taps.filter((r) => r.statusCode === 422)) {
      expect(refused.json().error).toMatchObject({
        code: "coupon_not_applicable",
        details: { reason: "already_redeemed" },
      });
    }
    const done = taps.find((r) => r.statusCode === 201)!.json();
    expect(done).toMatchObject({
      coupon: { code, status: "redeemed" },
      customer: { name: "王小明" },
      redemption: { storeId, subtotal: 15000, discount: 1000, total: 14000 },
    });
    expect(await countRedemptions()).toBe(before + 1);
    expect(await spentOf(templateId)).toBe(spent + 1000);
    const row = await couponRow(merchantId(), code);
    expect(row.status).toBe("redeemed");
    expect(row.redemptionId).toBe(done.redemption.id);
    const looked = await lookUp(code, "?amount=15000");
    expect(looked.json()).toMatchObject({
      coupon: { status: "redeemed" },
      quote: { applicable: false, rejection: { reason: { code: "already_redeemed" } } },
    });
  });

  it("answers 20 parallel taps with one Idempotency-Key with the one redemption", async () => {
    const code = await issueToMember(merchantId(), templateId);
    const key = randomUUID();
    const before = await countRedemptions();
    const taps = await Promise.all(Array.from({ length: 20 }, () => verify({ code, amount: 10000 }, key)));
    expect(taps.map((r) => r.statusCode).sort()).toEqual([...Array(19).fill(200), 201]);
    const ids = new Set(taps.map((r) => r.json().redemption.id));
    expect(ids.size).toBe(1);
    expect(await countRedemptions()).toBe(before + 1);
    const changed = await verify({ code, amount: 10001 }, key);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe("idempotency_conflict");
  });

  it("redeems a printed code nobody has bound, with no member attached", async () => {
    const code = await withMerchant(use(), merchantId(), async (tx) => {
      const [row] = await tx
        .insert(coupons)
        .values({
          merchantId: merchantId(),
          templateId,
          customerId: null,
          code: randomCouponCode(),
          validFrom: new Date("2026-01-01T00:00:00Z"),
          validUntil,
          source: "batch",
          issueKey: `test:${randomUUID()}`,
        })
        .returning({ code: coupons.code });
      return row!.code;
    });
    expect((await lookUp(code, "?amount=30000")).json()).toMatchObject({
      customer: null,
      quote: { applicable: true, discount: 1000, payable: 29000 },
    });
    const res = await verify({ code, amount: 30000 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ customer: null, coupon: { status: "redeemed", customerId: null } });
  });

  it("needs coupon:verify, an Idempotency-Key and a well-formed code", async () => {
    const code = await issueToMember(merchantId(), templateId);
    const byKey = await app.inject({
      method: "GET",
      url: `/api/v1/coupon-verify/${code}`,
      headers: bearer(shop.apiKey),
    });
    expect(byKey.statusCode).toBe(403);
    const noKey = await verify({ code, amount: 20000 }, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe("idempotency_key_required");
    const malformed = await verify({ code: "O0O0", amount: 20000 });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: "validation_failed" });
    expect((await lookUp("not-a-code")).statusCode).toBe(400);
    const zero = await verify({ code, amount: 0 });
    expect(zero.statusCode).toBe(400);
    expect((await couponRow(merchantId(), code)).status).toBe("available");
  });
});
