import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../src/http/app-types.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

type Slice = { key: string | null; count: number };
const countOf = (slices: Slice[], key: string | null) => slices.find((s) => s.key === key)?.count;

describeEachDatabase("personas", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  const post = (url: string, payload: unknown, key = shop.apiKey) =>
    app.inject({ method: "POST", url, payload: payload as object, headers: bearer(key) });
  const now = "2026-11-30T12:00:00+08:00";

  async function customerWithOrders(profile: object, orders: { category: string; unitPrice: number }[]) {
    const customer = (await post("/api/v1/customers", profile)).json();
    for (const [i, line] of orders.entries()) {
      const res = await post("/api/v1/orders", {
        externalId: `P-${customer.id}-${i}`,
        customer: { id: customer.id },
        placedAt: "2026-11-20T10:00:00+08:00",
        items: [
          {
            sku: line.category,
            name: line.category,
            category: line.category,
            quantity: 1,
            unitPrice: line.unitPrice,
          },
        ],
      });
      expect(res.statusCode).toBe(201);
    }
    return customer.id as string;
  }

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    await customerWithOrders({ name: "王芳", gender: "female", birthday: "1990-06-01", province: "浙江" }, [
      { category: "水果", unitPrice: 10_000 },
      { category: "蔬菜", unitPrice: 5_000 },
    ]);
    await customerWithOrders({ name: "李雷", gender: "male", birthday: "2010-12-01", province: "上海" }, [
      { category: "水果", unitPrice: 60_000 },
    ]);
    await customerWithOrders({ name: "无名" }, []);
  });
  afterAll(() => app.close());

  it("counts every customer of the shop by gender, age band, region, orders, spend and category", async () => {
    const res = await post("/api/v1/personas", { now });
    expect(res.statusCode).toBe(200);
    const persona = res.json();
    expect(persona).toMatchObject({ customers: 3, asOf: "2026-11-30", timeZone: "Asia/Shanghai" });
    expect(countOf(persona.gender, "female")).toBe(1);
    expect(countOf(persona.gender, "male")).toBe(1);
    expect(countOf(persona.gender, null)).toBe(1);
    // 2010-12-01 is not yet sixteen on 2026-11-30; 1990-06-01 is thirty-six.
    expect(countOf(persona.ageBands, "under_18")).toBe(1);
    expect(countOf(persona.ageBands, "35_44")).toBe(1);
    expect(countOf(persona.ageBands, null)).toBe(1);
    expect(persona.regions.map((s: Slice) => s.key)).toEqual(["上海", "浙江", null]);
    expect(persona.orderCounts).toEqual(
      expect.arrayContaining([
        { key: "0", count: 1 },
        { key: "1", count: 1 },
        { key: "2", count: 1 },
      ]),
    );
    expect(countOf(persona.spend, "0")).toBe(1);
    expect(countOf(persona.spend, "100_500")).toBe(1);
    expect(countOf(persona.spend, "500_1000")).toBe(1);
    expect(persona.spend.reduce((sum: number, s: Slice) => sum + s.count, 0)).toBe(3);
    expect(persona.categories).toEqual([
      { category: "水果", customers: 2, orders: 2, spent: 70_000 },
      { category: "蔬菜", customers: 1, orders: 1, spent: 5_000 },
    ]);
    expect(countOf(persona.rfmClasses, null)).toBe(3);
  });

  it("describes only the customers a rule matches", async () => {
    const rule = { all: [{ field: "profile.gender", op: "in", value: ["female", "male"] }] };
    const persona = (await post("/api/v1/personas", { rule, now })).json();
    expect(persona.customers).toBe(2);
    expect(countOf(persona.gender, null)).toBeUndefined();
    expect(persona.categories.map((c: { category: string }) => c.category)).toEqual(["水果", "蔬菜"]);
  });

  it("refuses a bad rule, naming the bad part, and unknown fields", async () => {
    const bad = await post("/api/v1/personas", {
      rule: { all: [{ field: "profile.shoeSize", op: "eq", value: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_rule");
    expect(JSON.stringify(bad.json().error.details)).toContain("all[0]");
    const unknown = await post("/api/v1/personas", { population: "all" });
    expect(unknown.statusCode).toBe(400);
  });

  it("shows another shop nothing of this one", async () => {
    const other = await createTestMerchant(use());
    const persona = (await post("/api/v1/personas", { now }, other.apiKey)).json();
    expect(persona.customers).toBe(0);
    expect(persona.categories).toEqual([]);
  });
});
