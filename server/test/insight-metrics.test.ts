import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { importOrdersCommand } from "../src/cli/commands/import.js";
import { insightRecomputeCommand } from "../src/cli/commands/insight.js";
import { merchantCreateCommand } from "../src/cli/commands/merchant.js";
import { type Tx, withMerchant } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { mergeCustomers } from "../src/modules/customers/merge-customers.js";
import { getCustomerInsight } from "../src/modules/insight/customer-insight-column.js";
import { refreshCustomerMetrics } from "../src/modules/insight/refresh-customer-metrics.js";
import { averageOrderValue } from "../src/modules/insight/rfm-rules.js";
import { createOrder, type OrderContext } from "../src/modules/orders/create-order.js";
import { netLineAmounts } from "../src/modules/orders/order-arithmetic.js";
import { refundOrder } from "../src/modules/orders/refund-order.js";
import type { CreateOrderInput } from "../src/modules/orders/schemas.js";
import { createStore } from "../src/modules/stores/manage-stores.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { useEmbeddedDataDir } from "./support/embedded-data-dir.js";
import { runCommand } from "./support/run-command.js";

const context: OrderContext = { source: "api", actor: { kind: "system", name: "test" } };

type MetricsRow = {
  customer_id: string;
  first_order_at: string;
  last_order_at: string;
  order_count: number;
  total_spent: number;
  refunded_amount: number;
  net_spent: number;
  average_order_value: number;
  stores_visited: number;
  favourite_category: string | null;
};
type CategoryRow = {
  customer_id: string;
  category: string;
  order_count: number;
  spent: number;
  first_order_at: string;
  last_order_at: string;
};

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** Every metrics and category row of the merchant, in a stable order, as plain values. */
async function snapshot(tx: Tx, merchantId: string) {
  const metrics = rowsOf<MetricsRow>(
    await tx.execute(sql`select customer_id, first_order_at::text, last_order_at::text, order_count,
      total_spent::bigint, refunded_amount, net_spent, average_order_value, stores_visited, favourite_category
      from customer_metrics where merchant_id = ${merchantId} order by customer_id`),
  ).map((r) => ({
    ...r,
    total_spent: Number(r.total_spent),
    refunded_amount: Number(r.refunded_amount),
    net_spent: Number(r.net_spent),
    average_order_value: Number(r.average_order_value),
    first_order_at: new Date(r.first_order_at).toISOString(),
    last_order_at: new Date(r.last_order_at).toISOString(),
  }));
  const categories = rowsOf<CategoryRow>(
    await tx.execute(sql`select customer_id, category, order_count, spent, first_order_at::text, last_order_at::text
      from customer_category_metrics where merchant_id = ${merchantId} order by customer_id, category collate "C"`),
  ).map((r) => ({
    ...r,
    spent: Number(r.spent),
    first_order_at: new Date(r.first_order_at).toISOString(),
    last_order_at: new Date(r.last_order_at).toISOString(),
  }));
  return { metrics, categories };
}

/**
 * The independent computation: plain TypeScript over the merchant's order and line rows, written
 * from the definitions in docs/architecture.md, not from the SQL.
 */
async function computeInTypeScript(tx: Tx, merchantId: string) {
  const orders = rowsOf<{
    id: string;
    customer_id: string | null;
    store_id: string | null;
    placed_at: string;
    status: string;
    total: number;
    discount: number;
    refunded_amount: number;
  }>(
    await tx.execute(sql`select id, customer_id, store_id, placed_at::text, status, total, discount, refunded_amount
      from orders where merchant_id = ${merchantId}`),
  );
  const lines = rowsOf<{
    order_id: string;
    line_no: number;
    category: string | null;
    total: number;
    refunded_amount: number;
  }>(
    await tx.execute(sql`select order_id, line_no, category, total, refunded_amount from order_items
      where merchant_id = ${merchantId} order by order_id, line_no`),
  );
  const linesByOrder = new Map<string, typeof lines>();
  for (const line of lines)
    linesByOrder.set(line.order_id, [...(linesByOrder.get(line.order_id) ?? []), line]);
  type Purchases = {
    orders: typeof orders;
    categories: Map<string, { orders: Set<string>; spent: number; times: number[] }>;
  };
  const customers = new Map<string, Purchases>();
  for (const order of orders) {
    if (!order.customer_id || order.status === "cancelled") continue;
    const entry: Purchases = customers.get(order.customer_id) ?? { orders: [], categories: new Map() };
    customers.set(order.customer_id, entry);
    entry.orders.push(order);
    const orderLines = linesByOrder.get(order.id) ?? [];
    const nets = netLineAmounts(
      orderLines.map((l) => Number(l.total)),
      Number(order.discount),
    );
    orderLines.forEach((line, i) => {
      if (!line.category) return;
      const c = entry.categories.get(line.category) ?? { orders: new Set(), spent: 0, times: [] };
      entry.categories.set(line.category, c);
      c.orders.add(order.id);
      c.spent += nets[i]! - Number(line.refunded_amount);
      c.times.push(new Date(order.placed_at).getTime());
    });
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const metrics: MetricsRow[] = [];
  const categories: CategoryRow[] = [];
  for (const [customerId, entry] of [...customers].sort((a, b) => byCode(a[0], b[0]))) {
    const times = entry.orders.map((o) => new Date(o.placed_at).getTime());
    const total = entry.orders.reduce((s, o) => s + Number(o.total), 0);
    const refunded = entry.orders.reduce((s, o) => s + Number(o.refunded_amount), 0);
    const ranked = [...entry.categories].sort(
      (a, b) => b[1].orders.size - a[1].orders.size || b[1].spent - a[1].spent || byCode(a[0], b[0]),
    );
    metrics.push({
      customer_id: customerId,
      first_order_at: iso(Math.min(...times)),
      last_order_at: iso(Math.max(...times)),
      order_count: entry.orders.length,
      total_spent: total,
      refunded_amount: refunded,
      net_spent: total - refunded,
      average_order_value: averageOrderValue(total - refunded, entry.orders.length),
      stores_visited: new Set(entry.orders.map((o) => o.store_id).filter(Boolean)).size,
      favourite_category: ranked[0]?.[0] ?? null,
    });
    for (const [category, c] of [...entry.categories].sort((a, b) => byCode(a[0], b[0]))) {
      categories.push({
        customer_id: customerId,
        category,
        order_count: c.orders.size,
        spent: c.spent,
        first_order_at: iso(Math.min(...c.times)),
        last_order_at: iso(Math.max(...c.times)),
      });
    }
  }
  return { metrics, categories };
}

/** A small deterministic generator, so a failing seed can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

describeEachDatabase("customer metrics", (use) => {
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  const merchantId = () => shop.merchant.id;
  const order = (input: Partial<CreateOrderInput> & { externalId: string }) =>
    createOrder(
      use(),
      merchantId(),
      {
        placedAt: "2026-11-01T10:00:00+08:00",
        items: [{ sku: "A1", name: "苹果", category: "水果", quantity: 1, unitPrice: 1000 }],
        ...input,
      },
      context,
    );
  const insight = (customerId: string) =>
    withMerchant(use(), merchantId(), (tx) => getCustomerInsight(tx, merchantId(), customerId));

  beforeAll(async () => {
    shop = await createTestMerchant(use());
    await withMerchant(use(), merchantId(), async (tx) => {
      await createStore(tx, merchantId(), { code: "S1", name: "一店" });
      await createStore(tx, merchantId(), { code: "S2", name: "二店" });
    });
  });

  it("keeps a customer's metrics current as orders and refunds arrive, in the same transaction", async () => {
    const customer = { phone: "13900000001", name: "李四" };
    const first = await order({
      externalId: "M-1",
      customer,
      store: { code: "S1" },
      placedAt: "2026-10-01T09:00:00+08:00",
      items: [
        { sku: "A1", name: "苹果", category: "水果", quantity: 3, unitPrice: 1000 },
        { sku: "M1", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 500 },
      ],
      discount: 350,
    });
    const customerId = first.order.customerId!;
    expect((await insight(customerId)).metrics).toMatchObject({
      orderCount: 1,
      totalSpent: 3150,
      netSpent: 3150,
      averageOrderValue: 3150,
      storesVisited: 1,
      favouriteCategory: "水果",
      firstOrderAt: "2026-10-01T01:00:00.000Z",
      categories: [
        // 350 split 300 : 50 over 3000 and 500
        { category: "水果", orderCount: 1, spent: 2700 },
        { category: "乳品", orderCount: 1, spent: 450 },
      ],
    });
    await order({
      externalId: "M-2",
      customer,
      store: { code: "S2" },
      placedAt: "2026-10-05T20:00:00+08:00",
      items: [{ sku: "M1", name: "牛奶", category: "乳品", quantity: 2, unitPrice: 500 }],
    });
    await refundOrder(use(), merchantId(), first.order.id, { lines: [{ lineNo: 1, quantity: 1 }] }, context);
    const after = (await insight(customerId)).metrics;
    expect(after).toMatchObject({
      orderCount: 2,
      totalSpent: 4150,
      refundedAmount: 900,
      netSpent: 3250,
      averageOrderValue: 1625,
      storesVisited: 2,
      lastOrderAt: "2026-10-05T12:00:00.000Z",
      // 乳品 now has two orders, 水果 one: most orders wins
      favouriteCategory: "乳品",
      categories: [
        { category: "乳品", orderCount: 2, spent: 1450 },
        { category: "水果", orderCount: 1, spent: 1800 },
      ],
    });
    expect(after.daysSinceLastOrder).toBeGreaterThan(0);
  });

  it("shows metrics and RFM on GET /api/v1/customers and /api/v1/customers/{id}, to the customer's shop only", async () => {
    const app: App = await buildTestApp(use());
    try {
      const other = await createTestMerchant(use());
      const placed = await order({
        externalId: "API-1",
        customer: { phone: "13900000099", name: "王五" },
        store: { code: "S1" },
        items: [{ sku: "C1", name: "鸡蛋", category: "禽蛋", quantity: 2, unitPrice: 1500 }],
      });
      const id = placed.order.customerId!;
      const detail = await app.inject({
        method: "GET",
        url: `/api/v1/customers/${id}`,
        headers: bearer(shop.apiKey),
      });
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json()).toMatchObject({
        summary: { orderCount: 1, totalSpent: 3000 },
        metrics: {
          orderCount: 1,
          totalSpent: 3000,
          netSpent: 3000,
          refundedAmount: 0,
          averageOrderValue: 3000,
          firstOrderAt: "2026-11-01T02:00:00.000Z",
          storesVisited: 1,
          favouriteCategory: "禽蛋",
          categories: [{ category: "禽蛋", orderCount: 1, spent: 3000 }],
        },
        rfm: null,
      });
      expect(detail.json().metrics.daysSinceLastOrder).toBeGreaterThanOrEqual(0);
      const list = await app.inject({
        method: "GET",
        url: "/api/v1/customers?phone=13900000099",
        headers: bearer(shop.apiKey),
      });
      expect(list.json().data).toEqual([
        expect.objectContaining({ id, metrics: detail.json().metrics, rfm: null }),
      ]);
      const elsewhere = await app.inject({
        method: "GET",
        url: `/api/v1/customers/${id}`,
        headers: bearer(other.apiKey),
      });
      expect(elsewhere.statusCode).toBe(404);
      const otherList = await app.inject({
        method: "GET",
        url: "/api/v1/customers?phone=13900000099",
        headers: bearer(other.apiKey),
      });
      expect(otherList.json().data).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it("rounds the average order value half up", async () => {
    const customer = { phone: "13900000002" };
    const a = await order({
      externalId: "AOV-1",
      customer,
      items: [{ sku: "X", name: "X", quantity: 1, unitPrice: 100 }],
    });
    await order({
      externalId: "AOV-2",
      customer,
      items: [{ sku: "X", name: "X", quantity: 1, unitPrice: 101 }],
    });
    expect((await insight(a.order.customerId!)).metrics.averageOrderValue).toBe(101);
    await refundOrder(use(), merchantId(), a.order.id, { amount: 2 }, context);
    // 199 / 2 = 99.5 → 100
    expect((await insight(a.order.customerId!)).metrics.averageOrderValue).toBe(100);
  });

  it("moves a merged duplicate's metrics to the kept customer and drops the duplicate's row", async () => {
    const kept = await order({
      externalId: "MG-1",
      customer: { phone: "13900000003" },
      store: { code: "S1" },
    });
    const duplicate = await order({
      externalId: "MG-2",
      customer: { phone: "13900000004" },
      store: { code: "S2" },
      placedAt: "2026-09-01T10:00:00+08:00",
      items: [{ sku: "B1", name: "面包", category: "烘焙", quantity: 2, unitPrice: 800 }],
    });
    await withMerchant(use(), merchantId(), (tx) =>
      mergeCustomers(tx, merchantId(), kept.order.customerId!, duplicate.order.customerId!, "api"),
    );
    expect((await insight(kept.order.customerId!)).metrics).toMatchObject({
      orderCount: 2,
      totalSpent: 2600,
      storesVisited: 2,
      firstOrderAt: "2026-09-01T02:00:00.000Z",
      favouriteCategory: "烘焙",
    });
    expect((await insight(duplicate.order.customerId!)).metrics.orderCount).toBe(0);
  });

  it("counts every order when many arrive at once for one customer", async () => {
    const customer = { phone: "13900000005" };
    const first = await order({ externalId: "PAR-0", customer });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        // distinct products, so nothing but the metrics lock serialises these transactions
        order({
          externalId: `PAR-${i + 1}`,
          customer,
          items: [{ sku: `PAR-${i}`, name: "梨", category: "水果", quantity: 1, unitPrice: 1000 }],
        }),
      ),
    );
    expect((await insight(first.order.customerId!)).metrics).toMatchObject({
      orderCount: 13,
      totalSpent: 13_000,
    });
  });

  it("keeps incrementally exactly what a full recompute and an independent computation give, over random order and refund streams", async () => {
    for (const seed of [1, 2, 3]) {
      const rng = random(seed);
      const phones = Array.from({ length: 6 }, (_, i) => `1370000${seed}${String(i).padStart(3, "0")}`);
      const categories = ["水果", "蔬菜", "乳品", "肉禽", null];
      const placed: { id: string; lines: number[] }[] = [];
      for (let step = 0; step < 60; step++) {
        if (placed.length > 0 && rng.next() < 0.3) {
          const target = rng.pick(placed);
          const kind = rng.int(0, 2);
          const refund =
            kind === 0
              ? {}
              : kind === 1
                ? { lines: [{ lineNo: rng.int(1, target.lines.length), quantity: 1 }] }
                : { amount: rng.int(1, 300) };
          await refundOrder(use(), merchantId(), target.id, refund, context).catch(
            (error: { code?: string }) => {
              if (error.code !== "refund_exceeds_order") throw error;
            },
          );
          continue;
        }
        const items = Array.from({ length: rng.int(1, 4) }, (_, i) => ({
          sku: `R${i}-${rng.int(1, 5)}`,
          name: "商品",
          category: rng.pick(categories),
          quantity: rng.int(1, 4),
          unitPrice: rng.int(1, 5000),
        }));
        const subtotal = items.reduce((s, i) => s + i.quantity * i.unitPrice, 0);
        const created = await order({
          externalId: `RND-${seed}-${step}`,
          customer: { phone: rng.pick(phones) },
          store: rng.next() < 0.2 ? null : { code: rng.pick(["S1", "S2"]) },
          placedAt: new Date(
            Date.UTC(2026, rng.int(0, 10), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59)),
          ).toISOString(),
          items,
          discount: rng.next() < 0.5 ? rng.int(0, Math.floor(subtotal / 3)) : 0,
        });
        placed.push({ id: created.order.id, lines: items.map((i) => i.quantity) });
      }
    }
    await withMerchant(use(), merchantId(), async (tx) => {
      const incremental = await snapshot(tx, merchantId());
      expect(incremental.metrics.length).toBeGreaterThan(15);
      expect(incremental).toEqual(await computeInTypeScript(tx, merchantId()));
      await tx.execute(sql`delete from customer_category_metrics where merchant_id = ${merchantId()}`);
      await tx.execute(sql`delete from customer_metrics where merchant_id = ${merchantId()}`);
      await refreshCustomerMetrics(tx, merchantId(), "all");
      expect(await snapshot(tx, merchantId())).toEqual(incremental);
      // A second full run over unchanged data writes nothing.
      expect(await refreshCustomerMetrics(tx, merchantId(), "all")).toEqual({ written: 0, removed: 0 });
    });
  }, 180_000);
});

describe("quanzi insight recompute", () => {
  useEmbeddedDataDir("quanzi-insight-cli-");

  it("recomputes a shop's metrics and RFM from imported orders, and writes nothing the second time", async () => {
    const owner = ["--owner-email", "owner@example.com", "--owner-password=long enough secret"];
    expect(
      (await runCommand(merchantCreateCommand, ["--name", "店", "--slug", "insight-cli", ...owner])).code,
    ).toBe(0);
    const fixture = path.join(import.meta.dirname, "fixtures/orders-mixed.csv");
    expect((await runCommand(importOrdersCommand, [fixture, "--merchant", "insight-cli"])).code).toBe(0);
    const first = await runCommand(insightRecomputeCommand, ["--merchant", "insight-cli"]);
    expect(first.code).toBe(0);
    expect(first.lines[0]).toMatch(
      /Recomputed insight-cli in [\d.]+s: \d+ metric rows written, 0 removed; RFM as of \d{4}-\d{2}-\d{2} for [1-9]\d* customers/,
    );
    // The whole chain ran: the default layers placed every imported customer.
    expect(first.lines[1]).toMatch(/^Rule tags: 0 \(\+0 −0\); layer moves: [1-9]\d*; segments: 0/);
    const again = await runCommand(insightRecomputeCommand, ["--merchant", "insight-cli"]);
    expect(again.lines[1]).toContain("layer moves: 0;");
    expect(again.lines[0]).toContain(": 0 metric rows written, 0 removed;");
    await expect(runCommand(insightRecomputeCommand, ["--merchant", "no-such-shop"])).rejects.toThrow(
      /No shop/,
    );
  }, 180_000);
});
