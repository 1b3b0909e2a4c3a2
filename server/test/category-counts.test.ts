import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { matchingCustomersSql } from "../src/modules/insight/conditions/compile-rule.js";
import { previewRule } from "../src/modules/insight/conditions/preview-rule.js";
import { fillRecentOrderTimes as fillRecentOrderTimesOf } from "../src/modules/insight/conditions/recent-order-times.js";
import type { Comparison } from "../src/modules/insight/conditions/rule-types.js";
import { validateRule } from "../src/modules/insight/conditions/validate-rule.js";
import { refreshInsightFor } from "../src/modules/insight/refresh-insight.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

// 2026-11-30 10:00 in Shanghai. "Within 7 days" starts at 2026-11-24 00:00 Shanghai (2026-11-23 16:00 UTC).
const now = new Date("2026-11-30T10:00:00+08:00");
const fruit = { sku: "APL", name: "苹果", category: "水果", quantity: 1, unitPrice: 1000 };
const pear = { sku: "PEA", name: "梨", category: "水果", quantity: 1, unitPrice: 700 };
const cabbage = { sku: "CAB", name: "白菜", category: "蔬菜", quantity: 1, unitPrice: 300 };

/** A single-category purchase count, answered from customer_category_metrics. */
const bought = (count: Comparison | undefined, days?: number) => ({
  purchased: { category: "水果" },
  ...(count ? { count } : {}),
  ...(days ? { within: { days } } : {}),
});

/** The same count over a category list, which the compiler always answers from orders and lines. */
const boughtFromOrders = (count: Comparison | undefined, days?: number) => ({
  ...bought(count, days),
  purchased: { category: ["水果", "没有这个分类"] },
});

describeEachDatabase("purchase counts from the per-category cache", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  const ids: Record<string, string> = {};

  async function order(externalId: string, who: string, placedAt: string, items: object[]) {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/orders",
      payload: { externalId, customer: { id: ids[who] }, placedAt, items },
      headers: bearer(shop.apiKey),
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  async function match(rule: unknown, options: { timeZone?: string; only?: string[] } = {}) {
    const merchantId = shop.merchant.id;
    const rows = await withMerchant(use(), merchantId, async (tx) =>
      rowsOf<{ customer_id: string }>(
        await tx.execute(
          matchingCustomersSql(validateRule(rule), {
            merchantId,
            timeZone: options.timeZone ?? "Asia/Shanghai",
            now,
            customerIds: options.only?.map((n) => ids[n] as string),
          }),
        ),
      ),
    );
    const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return rows.map((r) => names.get(r.customer_id) ?? r.customer_id).sort();
  }

  async function fillRecentOrderTimes() {
    await withSystem(use(), (tx) => fillRecentOrderTimesOf(tx, shop.merchant.id));
  }

  async function recentOrderTimes() {
    const rows = await withSystem(use(), async (tx) =>
      rowsOf<{ customer_id: string; category: string; recent: string[] | null }>(
        await tx.execute(sql`select customer_id, category, recent_order_at::text[] as recent
          from customer_category_metrics where merchant_id = ${shop.merchant.id}
          order by customer_id, category`),
      ),
    );
    return rows;
  }

  async function clearRecentOrderTimes() {
    await withSystem(use(), (tx) =>
      tx.execute(sql`update customer_category_metrics set recent_order_at = null
        where merchant_id = ${shop.merchant.id}`),
    );
  }

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use(), "Fruit Shop");
    for (const name of ["Edge", "Before", "Cancelled", "Multi", "Heavy", "Veggie", "Old", "Nobody"]) {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/customers",
        payload: { name },
        headers: bearer(shop.apiKey),
      });
      expect(res.statusCode).toBe(201);
      ids[name] = res.json().id;
    }
    // Its first fruit order is exactly at the start of the 7-day window: all its orders are inside.
    await order("EDGE1", "Edge", "2026-11-24T00:00:00+08:00", [fruit]);
    await order("EDGE2", "Edge", "2026-11-26T12:00:00+08:00", [fruit]);
    // One second before the window, then one inside.
    await order("BEF1", "Before", "2026-11-23T23:59:59+08:00", [fruit]);
    await order("BEF2", "Before", "2026-11-25T12:00:00+08:00", [fruit]);
    // Two inside the window, one of them cancelled afterwards, and one before it.
    await order("CAN1", "Cancelled", "2026-11-25T12:00:00+08:00", [fruit]);
    const cancelled = await order("CAN2", "Cancelled", "2026-11-27T12:00:00+08:00", [fruit]);
    await order("CAN3", "Cancelled", "2026-11-01T12:00:00+08:00", [fruit]);
    await withMerchant(use(), shop.merchant.id, async (tx) => {
      await tx.execute(sql`update orders set status = 'cancelled' where id = ${cancelled}`);
      await refreshInsightFor(tx, shop.merchant.id, [ids.Cancelled as string]);
    });
    // Two fruit lines in one order count once.
    await order("MUL1", "Multi", "2026-11-28T12:00:00+08:00", [fruit, pear, cabbage]);
    await order("MUL2", "Multi", "2026-10-01T12:00:00+08:00", [pear]);
    // One fruit order a day from 19 to 30 November: more than recent_order_at keeps.
    for (let day = 19; day <= 30; day++) {
      await order(`HEA${day}`, "Heavy", `2026-11-${day}T09:00:00+08:00`, [fruit]);
    }
    await order("VEG1", "Veggie", "2026-11-29T12:00:00+08:00", [cabbage]);
    await order("OLD1", "Old", "2026-06-01T12:00:00+08:00", [fruit]);
    await order("OLD2", "Old", "2026-07-01T12:00:00+08:00", [fruit]);
    await order("OLD3", "Old", "2026-08-01T12:00:00+08:00", [fruit, cabbage]);
  });

  it("has the insight refresh write recent_order_at as the backfill does", async () => {
    await clearRecentOrderTimes();
    await withMerchant(use(), shop.merchant.id, (tx) =>
      refreshInsightFor(tx, shop.merchant.id, Object.values(ids)),
    );
    const written = await recentOrderTimes();
    await fillRecentOrderTimes();
    const filled = await recentOrderTimes();
    expect(filled.find((r) => r.customer_id === ids.Heavy)?.recent).toHaveLength(10);
    expect(filled.find((r) => r.customer_id === ids.Multi)?.recent).toHaveLength(2);
    expect(written).toEqual(filled);
  });

  const named: [string, Comparison | undefined, number | undefined, string[]][] = [
    [
      "at least 2 in 7 days: the first order at the window start counts",
      { op: "gte", value: 2 },
      7,
      ["Edge", "Heavy"],
    ],
    [
      "exactly 1 in 7 days: not the second before, not the cancelled, one order for two lines",
      { op: "eq", value: 1 },
      7,
      ["Before", "Cancelled", "Multi"],
    ],
    [
      "fewer than 2 in 7 days, customers without fruit orders included",
      { op: "lt", value: 2 },
      7,
      ["Before", "Cancelled", "Multi", "Nobody", "Old", "Veggie"],
    ],
    ["none in 7 days", { op: "eq", value: 0 }, 7, ["Nobody", "Old", "Veggie"]],
    ["any in 7 days", undefined, 7, ["Before", "Cancelled", "Edge", "Heavy", "Multi"]],
    ["7 in 7 days", { op: "gte", value: 7 }, 7, ["Heavy"]],
    ["more than 7 in 7 days", { op: "gt", value: 7 }, 7, []],
    [
      "at most 1 in 7 days",
      { op: "lte", value: 1 },
      7,
      ["Before", "Cancelled", "Multi", "Nobody", "Old", "Veggie"],
    ],
    [
      "between 2 and 3 ever",
      { op: "between", value: [2, 3] },
      undefined,
      ["Before", "Cancelled", "Edge", "Multi", "Old"],
    ],
    ["not 2 ever", { op: "ne", value: 2 }, undefined, ["Heavy", "Nobody", "Old", "Veggie"]],
    ["more than 10 ever", { op: "gt", value: 10 }, undefined, ["Heavy"]],
    ["11 in 30 days: more than recent_order_at keeps", { op: "gte", value: 11 }, 30, ["Heavy"]],
    ["12 in 12 days: every order inside the window", { op: "eq", value: 12 }, 12, ["Heavy"]],
  ];

  for (const state of ["before the refresh fills recent_order_at", "with recent_order_at filled"]) {
    it.each(named)(`%s (${state})`, async (_name, count, days, expected) => {
      if (state.startsWith("with")) await fillRecentOrderTimes();
      else await clearRecentOrderTimes();
      expect(await match(bought(count, days))).toEqual(expected);
    });
  }

  it("counts in the shop's days: in UTC the order at Shanghai midnight is the day before the window", async () => {
    await fillRecentOrderTimes();
    expect(await match(bought({ op: "gte", value: 2 }, 7), { timeZone: "UTC" })).toEqual(["Heavy"]);
    expect(await match(bought({ op: "eq", value: 1 }, 7), { timeZone: "UTC" })).toEqual([
      "Before",
      "Cancelled",
      "Edge",
      "Multi",
    ]);
  });

  it("answers one customer the same way (the order transaction's scope)", async () => {
    await fillRecentOrderTimes();
    expect(await match(bought({ op: "gte", value: 2 }, 7), { only: ["Edge", "Before"] })).toEqual(["Edge"]);
    expect(await match(bought({ op: "eq", value: 0 }, 7), { only: ["Nobody", "Multi"] })).toEqual(["Nobody"]);
    await clearRecentOrderTimes();
    expect(await match(bought({ op: "gte", value: 2 }, 7), { only: ["Edge", "Before"] })).toEqual(["Edge"]);
  });

  it("agrees with counting orders for every operator, count and window, with and without recent_order_at", async () => {
    const ops = ["eq", "ne", "gt", "gte", "lt", "lte"] as const;
    const cases: [Comparison, number | undefined][] = [];
    for (const days of [undefined, 1, 7, 33]) {
      for (const value of [0, 1, 2, 3, 7, 10, 11]) {
        for (const op of ops) cases.push([{ op, value }, days]);
        cases.push([{ op: "between", value: [value, value + 1] }, days]);
      }
    }
    for (const filled of [true, false]) {
      if (filled) await fillRecentOrderTimes();
      else await clearRecentOrderTimes();
      for (const [count, days] of cases) {
        const label = `${JSON.stringify(count)} within ${days ?? "ever"}, filled ${filled}`;
        expect(await match(bought(count, days)), label).toEqual(await match(boughtFromOrders(count, days)));
      }
    }
  });

  it("previews the count of every match and the newest customers first", async () => {
    await fillRecentOrderTimes();
    const preview = await withMerchant(use(), shop.merchant.id, (tx) =>
      previewRule(
        tx,
        validateRule(bought(undefined, 7)),
        { merchantId: shop.merchant.id, timeZone: "Asia/Shanghai", now },
        2,
      ),
    );
    expect(preview.count).toBe(5);
    expect(preview.customers.map((c) => c.id)).toEqual([ids.Heavy, ids.Multi]);
    expect(preview.customers[0]?.orderCount).toBe(12);
  });
});
