import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

const example = {
  externalId: "POS-1001",
  customer: { phone: "13800000000", name: "张三" },
  placedAt: "2026-11-01T10:00:00+08:00",
  items: [{ sku: "A1", name: "苹果", category: "水果", quantity: 2, unitPrice: 1250 }],
};

async function count(database: Database, table: string, merchantId: string): Promise<number> {
  const rows = await withSystem(database, (tx) =>
    tx.execute(`select count(*)::int as n from ${table} where merchant_id = '${merchantId}'`),
  );
  return (rows as unknown as { rows: { n: number }[] }).rows[0]!.n;
}

describeEachDatabase("orders and customers API", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  const post = (url: string, payload: unknown, key = shop.apiKey) =>
    app.inject({ method: "POST", url, payload: payload as object, headers: bearer(key) });
  const get = (url: string, key = shop.apiKey) => app.inject({ method: "GET", url, headers: bearer(key) });

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
  });
  afterAll(() => app.close());

  describe("creating orders", () => {
    it("records the integrators' example order and creates its customer", async () => {
      const res = await post("/api/v1/orders", example);
      expect(res.statusCode).toBe(201);
      const order = res.json();
      expect(order).toMatchObject({ externalId: "POS-1001", total: 2500, subtotal: 2500, itemCount: 2 });
      expect(order.items).toEqual([
        expect.objectContaining({ lineNo: 1, sku: "A1", quantity: 2, unitPrice: 1250, total: 2500 }),
      ]);
      const customer = (await get(`/api/v1/customers/${order.customerId}`)).json();
      expect(customer).toMatchObject({ name: "张三", phone: "13800000000" });
      expect(customer.summary).toMatchObject({ orderCount: 1, totalSpent: 2500 });
      const orders = (await get(`/api/v1/customers/${order.customerId}/orders`)).json();
      expect(orders.data.map((o: { id: string }) => o.id)).toEqual([order.id]);
      const events = (await get(`/api/v1/customers/${order.customerId}/events`)).json();
      expect(events.data.map((e: { type: string }) => e.type).sort()).toEqual([
        "customer.created",
        "layer.moved",
        "order.placed",
      ]);
    });

    it("returns the same order for the same externalId and body, and 409 for a different body", async () => {
      const first = await post("/api/v1/orders", { ...example, externalId: "POS-1002" });
      const again = await post("/api/v1/orders", { ...example, externalId: "POS-1002" });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      const changed = await post("/api/v1/orders", {
        ...example,
        externalId: "POS-1002",
        items: [{ ...example.items[0], quantity: 3 }],
      });
      expect(changed.statusCode).toBe(409);
      expect(changed.json().error.code).toBe("idempotency_conflict");
    });

    it("creates exactly one order and one customer under 50 parallel identical requests", async () => {
      const body = { ...example, externalId: "POS-PAR", customer: { phone: "13900000050", name: "并发" } };
      const responses = await Promise.all(Array.from({ length: 50 }, () => post("/api/v1/orders", body)));
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(49);
      expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
      const found = (await get("/api/v1/customers?phone=13900000050")).json();
      expect(found.data).toHaveLength(1);
    });

    it("finds customers by external id and links the order to them", async () => {
      const res = await post("/api/v1/orders", {
        ...example,
        externalId: "POS-EXT",
        customer: { externalId: "M-77", name: "李四", phone: "+86 139-0000-0077" },
      });
      expect(res.statusCode).toBe(201);
      const byExternal = (await get("/api/v1/customers?externalId=M-77")).json();
      expect(byExternal.data).toHaveLength(1);
      expect(byExternal.data[0]).toMatchObject({ id: res.json().customerId, phone: "13900000077" });
      const second = await post("/api/v1/orders", {
        ...example,
        externalId: "POS-EXT2",
        customer: { externalId: "M-77" },
      });
      expect(second.json().customerId).toBe(res.json().customerId);
      const byId = await post("/api/v1/orders", {
        ...example,
        externalId: "POS-EXT3",
        customer: { id: res.json().customerId },
      });
      expect(byId.json().customerId).toBe(res.json().customerId);
    });

    it("records a guest order without a customer, and checks a given total", async () => {
      const guest = await post("/api/v1/orders", {
        ...example,
        externalId: "POS-GUEST",
        customer: undefined,
        total: 2500,
      });
      expect(guest.statusCode).toBe(201);
      expect(guest.json().customerId).toBeNull();
      const wrong = await post("/api/v1/orders", { ...example, externalId: "POS-WRONG", total: 2400 });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().error.code).toBe("unprocessable");
    });
  });

  describe("refunds", () => {
    it("refunds lines, amounts and the rest, splitting an order discount exactly", async () => {
      const order = (
        await post("/api/v1/orders", {
          externalId: "POS-R1",
          placedAt: "2026-11-02T09:00:00+08:00",
          customer: { phone: "13700000001" },
          items: [
            { sku: "B1", name: "香蕉", category: "水果", quantity: 3, unitPrice: 333 },
            { sku: "C1", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 1000 },
          ],
          discount: 100,
        })
      ).json();
      expect(order.total).toBe(1899);
      const partial = await post(`/api/v1/orders/${order.id}/refunds`, {
        lines: [{ lineNo: 1, quantity: 1 }],
      });
      expect(partial.statusCode).toBe(201);
      expect(partial.json()).toMatchObject({ status: "partially_refunded" });
      const lineOne = partial.json().items[0];
      expect(lineOne.refundedQuantity).toBe(1);
      const tooMany = await post(`/api/v1/orders/${order.id}/refunds`, {
        lines: [{ lineNo: 1, quantity: 3 }],
      });
      expect(tooMany.statusCode).toBe(422);
      expect(tooMany.json().error.code).toBe("refund_exceeds_order");
      const amount = await post(`/api/v1/orders/${order.id}/refunds`, { amount: 50, externalId: "RF-1" });
      expect(amount.statusCode).toBe(201);
      const replay = await post(`/api/v1/orders/${order.id}/refunds`, { amount: 50, externalId: "RF-1" });
      expect(replay.statusCode).toBe(200);
      expect(replay.json().refundedAmount).toBe(amount.json().refundedAmount);
      const rest = await post(`/api/v1/orders/${order.id}/refunds`, {});
      expect(rest.statusCode).toBe(201);
      expect(rest.json()).toMatchObject({ status: "refunded", refundedAmount: 1899 });
      expect(rest.json().refunds.reduce((s: number, r: { amount: number }) => s + r.amount, 0)).toBe(1899);
      const more = await post(`/api/v1/orders/${order.id}/refunds`, { amount: 1 });
      expect(more.statusCode).toBe(422);
    });

    it("never refunds more than the total under parallel refunds", async () => {
      const order = (await post("/api/v1/orders", { ...example, externalId: "POS-R2" })).json();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => post(`/api/v1/orders/${order.id}/refunds`, { amount: 300 })),
      );
      const ok = results.filter((r) => r.statusCode === 201).length;
      expect(ok).toBe(Math.floor(2500 / 300));
      const after = (await get(`/api/v1/orders/${order.id}`)).json();
      expect(after.refundedAmount).toBe(ok * 300);
    });
  });

  describe("customers", () => {
    it("creates, searches, updates and merges customers", async () => {
      const a = await post("/api/v1/customers", { name: "王五", phone: "13600000001", gender: "male" });
      expect(a.statusCode).toBe(201);
      const dup = await post("/api/v1/customers", { name: "王五", phone: "13600000001" });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error).toMatchObject({
        code: "already_exists",
        details: { customerId: a.json().id },
      });
      const b = await post("/api/v1/customers", {
        name: "王五(微信)",
        externalId: "WX-9",
        birthday: "1990-05-01",
      });
      await post("/api/v1/orders", { ...example, externalId: "POS-M1", customer: { externalId: "WX-9" } });
      const search = (await get(`/api/v1/customers?q=${encodeURIComponent("王五")}`)).json();
      expect(search.data.map((c: { id: string }) => c.id).sort()).toEqual([a.json().id, b.json().id].sort());
      const patched = await app.inject({
        method: "PATCH",
        url: `/api/v1/customers/${a.json().id}`,
        payload: { city: "杭州" },
        headers: bearer(shop.apiKey),
      });
      expect(patched.json().city).toBe("杭州");
      const vip = (await post("/api/v1/tags", { name: "合并前VIP", kind: "manual" })).json();
      expect((await post(`/api/v1/customers/${b.json().id}/tags`, { tagId: vip.id })).statusCode).toBe(200);
      const merged = await post(`/api/v1/customers/${a.json().id}/merge`, { duplicateId: b.json().id });
      expect(merged.statusCode).toBe(200);
      const keptTags = (await get(`/api/v1/customers/${a.json().id}/tags`)).json();
      expect(keptTags.data.map((t: { tagId: string }) => t.tagId)).toEqual([vip.id]);
      expect(merged.json()).toMatchObject({
        birthday: "1990-05-01",
        externalId: "WX-9",
        phone: "13600000001",
      });
      const detail = (await get(`/api/v1/customers/${b.json().id}`)).json();
      expect(detail.id).toBe(a.json().id);
      expect(detail.summary.orderCount).toBe(1);
      expect(detail.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(["external_id", "phone"]);
      const list = (await get("/api/v1/customers?q=WX-9")).json();
      expect(list.data.map((c: { id: string }) => c.id)).toEqual([a.json().id]);
    });

    it("attaches WeChat ids that identify one customer only, and finds customers by them", async () => {
      const a = (await post("/api/v1/customers", { name: "微信甲" })).json();
      const b = (await post("/api/v1/customers", { name: "微信乙" })).json();
      const attached = await post(`/api/v1/customers/${a.id}/identities`, {
        kind: "wechat_openid",
        value: "oAbc123",
      });
      expect(attached.statusCode).toBe(201);
      expect(attached.json().identities).toEqual([
        expect.objectContaining({ kind: "wechat_openid", value: "oAbc123" }),
      ]);
      const taken = await post(`/api/v1/customers/${b.id}/identities`, {
        kind: "wechat_openid",
        value: "oAbc123",
      });
      expect(taken.statusCode).toBe(409);
      const found = (await get("/api/v1/customers?wechatOpenid=oAbc123")).json();
      expect(found.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
      const removed = await app.inject({
        method: "DELETE",
        url: `/api/v1/customers/${a.id}/identities/wechat_openid/oAbc123`,
        headers: bearer(shop.apiKey),
      });
      expect(removed.statusCode).toBe(204);
      expect((await get("/api/v1/customers?wechatOpenid=oAbc123")).json().data).toEqual([]);
    });

    it("pages through customers with a cursor", async () => {
      for (let i = 0; i < 5; i++)
        await post("/api/v1/customers", { name: `页${i}`, phone: `1350000000${i}` });
      const first = (await get("/api/v1/customers?limit=2&q=页")).json();
      const second = (await get(`/api/v1/customers?limit=2&q=页&cursor=${first.nextCursor}`)).json();
      const third = (await get(`/api/v1/customers?limit=2&q=页&cursor=${second.nextCursor}`)).json();
      const names = [...first.data, ...second.data, ...third.data].map((c: { name: string }) => c.name);
      expect(names).toEqual(["页4", "页3", "页2", "页1", "页0"]);
      expect(third.nextCursor).toBeNull();
      const bad = await get("/api/v1/customers?cursor=nonsense");
      expect(bad.statusCode).toBe(400);
    });
  });

  describe("walls", () => {
    it("answers 404 to another merchant's key on every customer and order route", async () => {
      const other = await createTestMerchant(use(), "Other Shop");
      const order = (await post("/api/v1/orders", { ...example, externalId: "POS-WALL" })).json();
      const c = order.customerId;
      const attempts = [
        get(`/api/v1/customers/${c}`, other.apiKey),
        get(`/api/v1/customers/${c}/orders`, other.apiKey),
        get(`/api/v1/customers/${c}/events`, other.apiKey),
        get(`/api/v1/orders/${order.id}`, other.apiKey),
        app.inject({
          method: "PATCH",
          url: `/api/v1/customers/${c}`,
          payload: { name: "x" },
          headers: bearer(other.apiKey),
        }),
        post(`/api/v1/customers/${c}/merge`, { duplicateId: c }, other.apiKey),
        post(`/api/v1/orders/${order.id}/refunds`, {}, other.apiKey),
      ];
      for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(404);
      const list = (await get("/api/v1/orders", other.apiKey)).json();
      expect(list.data).toEqual([]);
      const customers = (await get("/api/v1/customers", other.apiKey)).json();
      expect(customers.data).toEqual([]);
    });

    it("rejects bad input on every write route with a 4xx and writes nothing", async () => {
      const database = use();
      const order = (await post("/api/v1/orders", { ...example, externalId: "POS-BAD" })).json();
      const tables = ["orders", "order_items", "customers", "refunds", "events", "customer_identities"];
      const before = await Promise.all(tables.map((t) => count(database, t, shop.merchant.id)));
      const bad: [string, string, unknown][] = [
        ["POST", "/api/v1/orders", { ...example, externalId: "B1", unknownField: 1 }],
        ["POST", "/api/v1/orders", { ...example, externalId: "B2", items: [] }],
        [
          "POST",
          "/api/v1/orders",
          { ...example, externalId: "B3", items: [{ ...example.items[0], quantity: -1 }] },
        ],
        [
          "POST",
          "/api/v1/orders",
          { ...example, externalId: "B4", items: [{ ...example.items[0], unitPrice: 12.5 }] },
        ],
        ["POST", "/api/v1/orders", { ...example, externalId: "B5", placedAt: "yesterday" }],
        ["POST", "/api/v1/orders", { ...example, externalId: "B6", store: { code: "NOPE" } }],
        ["POST", "/api/v1/orders", { ...example, externalId: "B7", customer: { id: crypto.randomUUID() } }],
        ["POST", "/api/v1/orders", { ...example, externalId: "B8", discount: 999_999 }],
        ["POST", "/api/v1/orders", { ...example, externalId: "B9", customer: { phone: "abc" } }],
        ["POST", "/api/v1/customers", { name: "x", gender: "robot" }],
        ["POST", "/api/v1/customers", { name: "x", birthday: "1990-13-45" }],
        ["POST", "/api/v1/customers", { name: "x", email: "not-an-email" }],
        ["POST", "/api/v1/customers", { phone: "13800000000" }],
        ["PATCH", `/api/v1/customers/${order.customerId}`, { phone: 123 }],
        ["PATCH", "/api/v1/customers/not-a-uuid", { name: "x" }],
        ["POST", `/api/v1/customers/${order.customerId}/merge`, { duplicateId: order.customerId }],
        ["POST", `/api/v1/orders/${order.id}/refunds`, { lines: [{ lineNo: 9, quantity: 1 }] }],
        ["POST", `/api/v1/orders/${order.id}/refunds`, { amount: 0 }],
        ["POST", `/api/v1/orders/${order.id}/refunds`, { amount: 10, lines: [{ lineNo: 1, quantity: 1 }] }],
        ["POST", `/api/v1/orders/${order.id}/refunds`, { amount: 999_999 }],
      ];
      for (const [method, url, payload] of bad) {
        const res = await app.inject({
          method: method as "POST",
          url,
          payload: payload as object,
          headers: bearer(shop.apiKey),
        });
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.json().error.code).toMatch(/^[a-z_]+$/);
        expect(res.json().error.message.length).toBeGreaterThan(5);
      }
      const after = await Promise.all(tables.map((t) => count(database, t, shop.merchant.id)));
      expect(after).toEqual(before);
    });

    it("refuses requests without a key, or with a revoked or made-up one", async () => {
      const none = await app.inject({ method: "GET", url: "/api/v1/customers" });
      expect(none.statusCode).toBe(401);
      const fake = await get("/api/v1/customers", "qz_madeup");
      expect(fake.statusCode).toBe(401);
    });
  });
});
