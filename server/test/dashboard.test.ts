import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../src/http/app-types.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff } from "./support/sessions.js";

describeEachDatabase("dashboard", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;

  const order = (
    externalId: string,
    phone: string | null,
    placedAt: string,
    lines: [string, number, number][],
  ) =>
    app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: bearer(shop.apiKey),
      payload: {
        externalId,
        ...(phone ? { customer: { phone } } : {}),
        placedAt,
        items: lines.map(([category, quantity, unitPrice], i) => ({
          sku: `${category}-${i}`,
          name: category,
          category,
          quantity,
          unitPrice,
        })),
      },
    });

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    // Shanghai days: 23:30 on the 1st (+08:00) is still the 1st locally though it is the 1st in UTC too;
    // 00:30 on the 3rd locally is the 2nd in UTC, and must count on the 3rd.
    await order("D1", "13800000001", "2026-11-01T23:30:00+08:00", [["水果", 2, 1000]]);
    await order("D2", "13800000001", "2026-11-03T00:30:00+08:00", [
      ["乳品", 1, 500],
      ["水果", 1, 1000],
    ]);
    await order("D3", "13800000002", "2026-11-03T12:00:00+08:00", [["蔬菜", 3, 300]]);
    await order("D4", null, "2026-11-03T13:00:00+08:00", [["水果", 1, 100]]);
    await order("OUT", "13800000003", "2026-11-04T00:10:00+08:00", [["水果", 1, 9999]]);
  });
  afterAll(() => app.close());

  it("adds up whole local days in the shop's time zone", async () => {
    const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    const res = await owner.call("GET", "/api/v1/dashboard?from=2026-11-01&to=2026-11-03");
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ orders: 4, gmv: 2000 + 1500 + 900 + 100, buyers: 2, averageOrderValue: 1125 });
    expect(d.repurchaseRate).toBe(0.5);
    expect(d.daily).toEqual([
      { date: "2026-11-01", orders: 1, gmv: 2000, newCustomers: 1 },
      { date: "2026-11-02", orders: 0, gmv: 0, newCustomers: 0 },
      { date: "2026-11-03", orders: 3, gmv: 2500, newCustomers: 1 },
    ]);
    expect(d.topCategories[0]).toEqual({ category: "水果", orders: 3, gmv: 3100 });
    expect(d.customers).toBe(2);
    const bad = await owner.call("GET", "/api/v1/dashboard?from=2026-11-05&to=2026-11-01");
    expect(bad.statusCode).toBe(400);
  });
});
