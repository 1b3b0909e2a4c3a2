import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/http/app-types.js";
import { generateDemo } from "../src/modules/demo/generate-demo.js";
import { buildTestApp } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff } from "./support/sessions.js";

describe("demo data", () => {
  const now = new Date("2026-11-30T04:00:00Z");

  it("is the same for the same seed and reference time", () => {
    const a = generateDemo({ now, customers: 50, orders: 400 });
    const b = generateDemo({ now, customers: 50, orders: 400 });
    expect(b.customers).toEqual(a.customers);
    expect(b.lines.map((l) => [l.orderNo, l.placedAt.getTime(), l.item.sku, l.quantity])).toEqual(
      a.lines.map((l) => [l.orderNo, l.placedAt.getTime(), l.item.sku, l.quantity]),
    );
  });

  it("looks like a shop: Chinese names, mobile phones, repeat buyers, a year of history", () => {
    const { customers, lines } = generateDemo({ now, customers: 300, orders: 3000 });
    expect(customers.every((c) => /^[\u4e00-\u9fa5]{2,4}$/.test(c.name))).toBe(true);
    expect(customers.every((c) => /^1[3-9]\d{9}$/.test(c.phone))).toBe(true);
    expect(new Set(customers.map((c) => c.phone)).size).toBe(customers.length);
    const ordersByCustomer = new Map<string, Set<string>>();
    for (const l of lines) {
      if (!l.customer) continue;
      const set = ordersByCustomer.get(l.customer.externalId) ?? new Set();
      ordersByCustomer.set(l.customer.externalId, set.add(l.orderNo));
    }
    const repeat = [...ordersByCustomer.values()].filter((s) => s.size >= 2).length;
    expect(repeat / ordersByCustomer.size).toBeGreaterThan(0.4);
    const orders = new Set(lines.map((l) => l.orderNo)).size;
    expect(orders).toBeGreaterThan(2500);
    expect(orders).toBeLessThan(3600);
    const times = lines.map((l) => l.placedAt.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 366 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
  });
});

describeEachDatabase("loading the demo shop from the first-run screen", (use) => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(use());
  });
  afterAll(() => app.close());

  it("loads about 2,000 customers and 20,000 orders once, and signs in with the login it answers", async () => {
    const res = await app.inject({ method: "POST", url: "/api/setup/demo" });
    expect(res.statusCode).toBe(201);
    const { login, merchantSlug } = res.json();
    expect(merchantSlug).toBe("demo");
    const owner = await loginStaff(app, login.email, login.password);
    const customers = await use().query<{ n: number }>("select count(*)::int as n from customers");
    const orders = await use().query<{ n: number }>("select count(*)::int as n from orders");
    expect(customers[0]!.n).toBe(2000);
    expect(orders[0]!.n).toBeGreaterThan(18_000);
    expect(orders[0]!.n).toBeLessThan(23_000);
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const dashboard = (await owner.call("GET", `/api/v1/dashboard?from=${yearAgo}&to=${today}`)).json();
    expect(dashboard.orders).toBeGreaterThan(15_000);
    expect(dashboard.repurchaseRate).toBeGreaterThan(0.5);
    expect((await app.inject({ method: "POST", url: "/api/setup/demo" })).statusCode).toBe(409);
  }, 300_000);
});
