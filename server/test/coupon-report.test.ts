import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { issueCoupons } from "../src/modules/promotions/coupons/issue-coupons.js";
import { createTemplate } from "../src/modules/promotions/coupons/templates.js";
import type { CouponRuleInput } from "../src/modules/promotions/engine/coupon-rule.js";
import { createStore } from "../src/modules/stores/manage-stores.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

const system = { kind: "system", name: "test" } as const;
const cart200 = [
  { lineId: "tea", sku: "tea", category: "drinks", quantity: 2, unitPrice: 5000 },
  { lineId: "cake", sku: "cake", category: "food", quantity: 1, unitPrice: 10000 },
];

describeEachDatabase("coupon report", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;
  let today: string;
  let storeId: string;
  let templateA: string;
  let templateB: string;

  const merchantId = () => shop.merchant.id;
  const get = (url: string, who: Shop = shop) =>
    app.inject({ method: "GET", url, headers: bearer(who.apiKey) });
  const post = (url: string, body: unknown) =>
    app.inject({
      method: "POST",
      url,
      payload: body as Record<string, unknown>,
      headers: { ...bearer(shop.apiKey), "idempotency-key": randomUUID() },
    });

  async function template(name: string, rule: CouponRuleInput, claimable = false) {
    return withMerchant(
      use(),
      merchantId(),
      async (tx) =>
        (
          await createTemplate(tx, merchantId(), {
            name,
            rule: rule as never,
            validity: { type: "days_after_issue", days: 30 },
            claimable,
          })
        ).id,
    );
  }

  async function issue(templateId: string, customerId: string, source = "manual") {
    return withMerchant(use(), merchantId(), async (tx) => {
      const outcome = await issueCoupons(tx, merchantId(), {
        templateId,
        customerId,
        quantity: 1,
        issueKey: `${source}:${randomUUID()}`,
        source,
        actor: system,
        now: new Date(),
        claim: source === "claim",
      });
      return outcome.coupons[0]!.code;
    });
  }

  const redeem = async (customerId: string, codes: string[], store?: string) => {
    const response = await post("/api/v1/checkout/redeem", {
      customerId,
      ...(store ? { storeId: store } : {}),
      lines: cart200,
      coupons: codes,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
    today = new Intl.DateTimeFormat("en-CA", { timeZone: shop.merchant.timeZone }).format(new Date());
    storeId = await withMerchant(
      use(),
      merchantId(),
      async (tx) => (await createStore(tx, merchantId(), { code: "S1", name: "文三路店" })).id,
    );
    templateA = await template("满100减10", { kind: "amount_off", amountOff: 1000, minSpend: 10000 });
    templateB = await template(
      "饮品9折",
      {
        kind: "percent_off",
        percentOff: 10,
        scope: { includeCategories: ["drinks"] },
        stacking: { group: "category" },
      },
      true,
    );
    const customers: string[] = [];
    for (const n of [1, 2, 3]) {
      const customer = await withMerchant(use(), merchantId(), (tx) =>
        createCustomer(tx, merchantId(), { name: `会员${n}` }, { source: "api" }),
      );
      customers.push(customer.id);
    }
    const [c1, c2, c3] = customers as [string, string, string];
    const a1 = await issue(templateA, c1);
    const a2 = await issue(templateA, c2);
    const a3 = await issue(templateA, c3);
    const b1 = await issue(templateB, c2);
    await issue(templateB, c3, "claim");
    await redeem(c1, [a1], storeId); // 200 → 190
    await redeem(c2, [a2, b1]); // drinks −10 (category first), then −10: 200 → 180
    const rolledBack = await redeem(c3, [a3], storeId);
    expect((await post(`/api/v1/redemptions/${rolledBack}/rollback`, {})).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  const report = async (query: string, who: Shop = shop) => {
    const response = await get(`/api/v1/promotions/coupon-report?from=${today}&to=${today}&${query}`, who);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it("reports each template's issues, claims, uses, discount, GMV, rate and ROI", async () => {
    const byTemplate = await report("groupBy=template");
    const row = (id: string) => byTemplate.rows.find((r: { key: string }) => r.key === id);
    expect(row(templateA)).toMatchObject({
      label: "满100减10",
      issued: 3,
      claimed: 0,
      redeemed: 2,
      rolledBack: 1,
      discount: 2000,
      gmv: 19000 + 18000,
      redemptionRate: 0.6667,
      roi: 18.5,
    });
    expect(row(templateB)).toMatchObject({
      issued: 2,
      claimed: 1,
      redeemed: 1,
      rolledBack: 0,
      discount: 1000,
      gmv: 18000,
    });
    // The checkout that used both templates counts once in the total GMV.
    expect(byTemplate.totals).toMatchObject({
      issued: 5,
      claimed: 1,
      redeemed: 3,
      rolledBack: 1,
      discount: 3000,
      gmv: 37000,
    });
    expect(byTemplate.totals.roi).toBeCloseTo(37000 / 3000, 3);
  });

  it("reports by store, by day and by campaign", async () => {
    const byStore = await report("groupBy=store");
    expect(byStore.rows).toEqual([
      expect.objectContaining({ key: "", issued: null, redeemed: 2, discount: 2000, gmv: 18000 }),
      expect.objectContaining({
        key: storeId,
        label: "文三路店",
        redeemed: 1,
        rolledBack: 1,
        discount: 1000,
        gmv: 19000,
      }),
    ]);
    const byDay = await report("groupBy=day");
    expect(byDay.rows).toEqual([
      expect.objectContaining({
        key: today,
        issued: 5,
        redeemed: 3,
        rolledBack: 1,
        discount: 3000,
        gmv: 37000,
      }),
    ]);
    const byCampaign = await report("groupBy=campaign");
    expect(byCampaign.rows.map((r: { key: string; issued: number }) => [r.key, r.issued])).toEqual([
      ["claim", 1],
      ["manual", 4],
    ]);
    const onlyStore = await report(`groupBy=template&storeId=${storeId}`);
    expect(onlyStore.totals).toMatchObject({ redeemed: 1, rolledBack: 1, discount: 1000, gmv: 19000 });
  });

  it("exports the report as CSV, keeps shops apart and refuses a backwards period", async () => {
    const csv = await get(`/api/v1/promotions/coupon-report.csv?from=${today}&to=${today}&groupBy=template`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "key,label,issued,claimed,redeemed,rolled_back,discount_yuan,gmv_yuan,redemption_rate,roi",
    );
    expect(lines.at(-1)).toMatch(/^total,.*,5,1,3,1,30\.00,370\.00,0\.6,12\.3333$/);
    expect((await report("groupBy=template", other)).rows).toEqual([]);
    const backwards = await get(`/api/v1/promotions/coupon-report?from=${today}&to=2020-01-01`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe("validation_failed");
  });
});
