import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { recordEvents } from "../src/modules/events/record-events.js";
import { matchingCustomersSql } from "../src/modules/insight/conditions/compile-rule.js";
import { fieldRegistry, operatorsByType } from "../src/modules/insight/conditions/field-registry.js";
import { findRuleIssues, validateRule } from "../src/modules/insight/conditions/validate-rule.js";
import { createStore } from "../src/modules/stores/manage-stores.js";
import { addTagToCustomers } from "../src/modules/tags/tag-customers.js";
import { createTag } from "../src/modules/tags/tag-definitions.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

describe("condition language validation", () => {
  const bad: [string, unknown, string][] = [
    [
      "a leaf value of the wrong type, deep in groups",
      {
        all: [
          { field: "profile.gender", op: "isSet" },
          { any: [{ field: "metrics.orderCount", op: "gte", value: "3" }] },
        ],
      },
      "all[1].any[0].value",
    ],
    ["an unknown field", { any: [{ field: "profile.shoeSize", op: "eq", value: 42 }] }, "any[0].field"],
    ["an operator the type does not take", { field: "profile.gender", op: "gt", value: "male" }, "op"],
    [
      "an enum value outside the list",
      { field: "rfm.class", op: "in", value: ["important_value", "vip"] },
      "value[1]",
    ],
    ["money with decimals", { field: "metrics.averageOrderValue", op: "gte", value: 99.5 }, "value"],
    ["a reversed between", { field: "metrics.orderCount", op: "between", value: [5, 1] }, "value"],
    ["an impossible date", { field: "profile.birthday", op: "eq", value: "2026-02-30" }, "value"],
    [
      "a timestamp without offset",
      { field: "profile.joinedAt", op: "gt", value: "2026-01-01T10:00" },
      "value",
    ],
    ["a value on isSet", { field: "profile.city", op: "isSet", value: "x" }, "value"],
    ["relative days out of range", { field: "profile.joinedAt", op: "inLastDays", value: 0 }, "value"],
    ["an empty group", { all: [] }, "all"],
    ["two kinds in one node", { all: [{ field: "profile.city", op: "isSet" }], any: [] }, "$"],
    ["an unknown key on a leaf", { field: "profile.city", op: "isSet", extra: 1 }, "extra"],
    ["a bad window", { purchased: { category: "水果" }, within: { days: -1 } }, "within.days"],
    ["a bad count operator", { purchased: {}, count: { op: "like", value: 1 } }, "count.op"],
    ["a bad store id", { purchased: { storeId: "S1" } }, "purchased.storeId"],
    ["a bad event type", { event: "Login!", count: { op: "gte", value: 1 } }, "event"],
    ["a bad tag operator", { tag: "00000000-0000-4000-8000-000000000000", op: "is" }, "op"],
    ["not a condition at all", { not: 3 }, "not"],
    [
      "nesting too deep",
      { not: { not: { not: { not: { not: { not: { field: "profile.city", op: "isSet" } } } } } } },
      "not.not.not.not.not.not",
    ],
  ];
  it.each(bad)("refuses %s, naming the path", (_name, rule, path) => {
    expect(findRuleIssues(rule)[0]?.path || "$").toBe(path);
    expect(() => validateRule(rule)).toThrowError(expect.objectContaining({ code: "invalid_rule" }));
  });

  it("accepts every operator on every field type with a well-formed value", () => {
    const sample: Record<string, unknown[]> = {
      number: [3, [1, 5], [1, 2, 3]],
      money: [10000, [100, 20000]],
      string: ["上海", [], ["上海", "北京"]],
      enum: [],
      date: ["2026-01-01", ["2026-01-01", "2026-02-01"]],
      timestamp: ["2026-01-01", ["2026-01-01T00:00:00+08:00", "2026-02-01"]],
      boolean: [true],
    };
    for (const field of fieldRegistry.values()) {
      for (const op of operatorsByType[field.type]) {
        let value: unknown;
        if (op === "isSet" || op === "isNotSet") value = undefined;
        else if (op === "inLastDays" || op === "inNextDays" || op === "beforeDaysAgo") value = 7;
        else if (field.type === "enum")
          value = op === "in" || op === "notIn" ? [field.values?.[0]?.value] : field.values?.[0]?.value;
        else if (op === "between") value = sample[field.type]?.[1];
        else if (op === "in" || op === "notIn") value = field.type === "string" ? ["上海"] : [1, 2];
        else value = sample[field.type]?.[0];
        const rule = value === undefined ? { field: field.name, op } : { field: field.name, op, value };
        expect(findRuleIssues(rule), `${field.name} ${op}`).toEqual([]);
      }
    }
  });
});

// 2026-11-30 10:00 in Shanghai (02:00 UTC).
const now = new Date("2026-11-30T10:00:00+08:00");
const shanghai = "Asia/Shanghai";

describeEachDatabase("condition language on the database", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let other: Awaited<ReturnType<typeof createTestMerchant>>;
  const ids: Record<string, string> = {};
  let storeId = "";
  const post = (url: string, payload: unknown, key = shop.apiKey) =>
    app.inject({ method: "POST", url, payload: payload as object, headers: bearer(key) });

  async function customer(name: string, fields: Record<string, unknown>) {
    const res = await post("/api/v1/customers", { name, ...fields });
    expect(res.statusCode).toBe(201);
    ids[name] = res.json().id;
  }

  async function order(externalId: string, who: string, placedAt: string, items: object[], store?: string) {
    const res = await post("/api/v1/orders", {
      externalId,
      customer: { id: ids[who] },
      placedAt,
      items,
      ...(store ? { store: { id: store } } : {}),
    });
    expect(res.statusCode).toBe(201);
  }

  async function setMetrics(who: string, m: Record<string, unknown>) {
    await withSystem(use(), (tx) =>
      tx.execute(sql`insert into customer_metrics (merchant_id, customer_id, first_order_at, last_order_at,
          order_count, total_spent, refunded_amount, net_spent, average_order_value, stores_visited, favourite_category)
        values (${shop.merchant.id}, ${ids[who]}, ${m.first}::timestamptz, ${m.last}::timestamptz, ${m.count}::int,
          ${m.total}::bigint, ${m.refunded}::bigint, ${Number(m.total) - Number(m.refunded)}::bigint, ${m.aov}::bigint,
          ${m.stores}::int, ${m.favourite})
        on conflict (merchant_id, customer_id) do update set first_order_at = excluded.first_order_at,
          last_order_at = excluded.last_order_at, order_count = excluded.order_count, total_spent = excluded.total_spent,
          refunded_amount = excluded.refunded_amount, net_spent = excluded.net_spent,
          average_order_value = excluded.average_order_value, stores_visited = excluded.stores_visited,
          favourite_category = excluded.favourite_category`),
    );
  }

  async function setRfm(who: string, rfmClass: string, r: number, f: number, m: number) {
    await withSystem(use(), (tx) =>
      tx.execute(sql`insert into customer_rfm (merchant_id, customer_id, as_of, window_days, recency_days, frequency,
          monetary, r_score, f_score, m_score, rfm_class)
        values (${shop.merchant.id}, ${ids[who]}, '2026-11-30', 365, ${r * 10}, ${f}, ${m * 10000}, ${r}, ${f}, ${m}, ${rfmClass})`),
    );
  }

  /** Names of the customers the rule matches, as the database answers it. */
  async function match(rule: unknown, options: { at?: Date; timeZone?: string; only?: string[] } = {}) {
    const checked = validateRule(rule);
    const merchantId = shop.merchant.id;
    const rows = await withMerchant(use(), merchantId, async (tx) =>
      rowsOf<{ customer_id: string }>(
        await tx.execute(
          matchingCustomersSql(checked, {
            merchantId,
            timeZone: options.timeZone ?? shanghai,
            now: options.at ?? now,
            customerIds: options.only?.map((n) => ids[n] as string),
          }),
        ),
      ),
    );
    const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return rows.map((r) => names.get(r.customer_id) ?? r.customer_id).sort();
  }

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
    const store = await withMerchant(use(), shop.merchant.id, (tx) =>
      createStore(tx, shop.merchant.id, { code: "S1", name: "一号店" }),
    );
    storeId = store.id;
    await customer("Ann", {
      phone: "13800000001",
      gender: "female",
      birthday: "1990-12-03",
      province: "上海",
      city: "上海",
      sourceChannel: "wechat_mini",
    });
    await customer("Bob", { phone: "13800000002", gender: "male", birthday: "1985-11-20", city: "北京" });
    await customer("Cat", {});
    await customer("Dup", { gender: "female", city: "上海" });
    await customer("Eve", { phone: "13800000005", gender: "female", birthday: "2000-02-29", city: "杭州" });
    await withSystem(use(), async (tx) => {
      await tx.execute(
        sql`update customers set joined_at = '2026-11-29T10:00:00+08:00' where id = ${ids.Ann}`,
      );
      await tx.execute(
        sql`update customers set joined_at = '2025-06-01T10:00:00+08:00' where id = ${ids.Bob}`,
      );
      await tx.execute(sql`update customers set joined_at = null where id = ${ids.Cat}`);
      await tx.execute(
        sql`update customers set joined_at = '2026-09-01T09:00:00+08:00' where id = ${ids.Eve}`,
      );
      await tx.execute(sql`update customers set merged_into_id = ${ids.Ann} where id = ${ids.Dup}`);
    });
    // Eve's orders straddle Shanghai midnight: 23:30 on the 29th and 00:30 on the 30th (both the 29th in UTC).
    await order("E1", "Eve", "2026-11-29T23:30:00+08:00", [
      { sku: "APL", name: "苹果", category: "水果", quantity: 2, unitPrice: 1500 },
    ]);
    await order("E2", "Eve", "2026-11-30T00:30:00+08:00", [
      { sku: "BAN", name: "香蕉", category: "水果", quantity: 1, unitPrice: 800 },
      { sku: "MLK", name: "牛奶", category: "乳品", quantity: 1, unitPrice: 1200 },
    ]);
    await order(
      "E3",
      "Eve",
      "2026-09-01T12:00:00+08:00",
      [{ sku: "CAB", name: "白菜", category: "蔬菜", quantity: 1, unitPrice: 300 }],
      storeId,
    );
    await order("B1", "Bob", "2026-10-01T12:00:00+08:00", [
      { sku: "APL", name: "苹果", category: "水果", quantity: 8, unitPrice: 1500 },
    ]);
    await setMetrics("Ann", {
      first: "2025-01-01T10:00:00+08:00",
      last: "2026-11-30T00:30:00+08:00",
      count: 5,
      total: 50000,
      refunded: 5000,
      aov: 9000,
      stores: 2,
      favourite: "水果",
    });
    await setMetrics("Bob", {
      first: "2026-10-01T12:00:00+08:00",
      last: "2026-10-01T12:00:00+08:00",
      count: 1,
      total: 12000,
      refunded: 0,
      aov: 12000,
      stores: 1,
      favourite: "水果",
    });
    // Metrics as the metrics module would keep them for these orders (written here so the compiler is tested alone).
    await setMetrics("Eve", {
      first: "2026-09-01T12:00:00+08:00",
      last: "2026-11-30T00:30:00+08:00",
      count: 3,
      total: 5300,
      refunded: 0,
      aov: 1767,
      stores: 1,
      favourite: "水果",
    });
    await setRfm("Ann", "important_value", 5, 5, 5);
    await setRfm("Bob", "general_retain", 1, 1, 2);
    await withMerchant(use(), shop.merchant.id, (tx) =>
      recordEvents(tx, shop.merchant.id, [
        {
          customerId: ids.Ann,
          type: "member.logged_in",
          occurredAt: new Date("2026-11-30T00:10:00+08:00"),
          source: "member",
        },
        {
          customerId: ids.Ann,
          type: "member.logged_in",
          occurredAt: new Date("2026-11-20T09:00:00+08:00"),
          source: "member",
        },
        {
          customerId: ids.Bob,
          type: "member.logged_in",
          occurredAt: new Date("2026-11-29T23:50:00+08:00"),
          source: "member",
        },
      ]),
    );
  });
  afterAll(() => app.close());

  it.each([
    [
      "number eq / coalesced to 0 without metrics",
      { field: "metrics.orderCount", op: "eq", value: 0 },
      ["Cat"],
    ],
    ["number ne", { field: "metrics.orderCount", op: "ne", value: 5 }, ["Bob", "Cat", "Eve"]],
    ["number gt", { field: "metrics.orderCount", op: "gt", value: 1 }, ["Ann", "Eve"]],
    ["number gte", { field: "metrics.orderCount", op: "gte", value: 1 }, ["Ann", "Bob", "Eve"]],
    ["number lt", { field: "metrics.orderCount", op: "lt", value: 5 }, ["Bob", "Cat", "Eve"]],
    ["number lte", { field: "metrics.orderCount", op: "lte", value: 1 }, ["Bob", "Cat"]],
    ["number between", { field: "metrics.orderCount", op: "between", value: [1, 4] }, ["Bob", "Eve"]],
    ["number in", { field: "rfm.rScore", op: "in", value: [1, 2] }, ["Bob"]],
    [
      "number notIn (unset included)",
      { field: "rfm.rScore", op: "notIn", value: [1] },
      ["Ann", "Cat", "Eve"],
    ],
    ["number isSet", { field: "rfm.rScore", op: "isSet" }, ["Ann", "Bob"]],
    ["number isNotSet", { field: "metrics.averageOrderValue", op: "isNotSet" }, ["Cat"]],
    [
      "money gte (average order value ≥ ¥100)",
      { field: "metrics.averageOrderValue", op: "gte", value: 10000 },
      ["Bob"],
    ],
    ["money lt", { field: "metrics.netSpent", op: "lt", value: 45000 }, ["Bob", "Cat", "Eve"]],
    ["money between", { field: "metrics.totalSpent", op: "between", value: [12000, 50000] }, ["Ann", "Bob"]],
    ["money eq", { field: "metrics.refundedAmount", op: "eq", value: 5000 }, ["Ann"]],
    ["string eq", { field: "profile.city", op: "eq", value: "上海" }, ["Ann"]],
    ["string ne (unset included)", { field: "profile.city", op: "ne", value: "上海" }, ["Bob", "Cat", "Eve"]],
    ["string in", { field: "profile.city", op: "in", value: ["北京", "杭州"] }, ["Bob", "Eve"]],
    ["string notIn", { field: "profile.city", op: "notIn", value: ["北京", "杭州"] }, ["Ann", "Cat"]],
    [
      "string contains (case-insensitive)",
      { field: "profile.sourceChannel", op: "contains", value: "MINI" },
      ["Ann"],
    ],
    [
      "string startsWith (wildcards literal)",
      { field: "profile.phone", op: "startsWith", value: "1380000000" },
      ["Ann", "Bob", "Eve"],
    ],
    [
      "string startsWith _ is not a wildcard",
      { field: "profile.phone", op: "startsWith", value: "138_" },
      [],
    ],
    ["string isSet", { field: "profile.phone", op: "isSet" }, ["Ann", "Bob", "Eve"]],
    ["string isNotSet", { field: "profile.city", op: "isNotSet" }, ["Cat"]],
    ["enum eq", { field: "profile.gender", op: "eq", value: "female" }, ["Ann", "Eve"]],
    ["enum in (RFM class)", { field: "rfm.class", op: "in", value: ["important_value"] }, ["Ann"]],
    ["enum notIn", { field: "rfm.class", op: "notIn", value: ["important_value"] }, ["Bob", "Cat", "Eve"]],
    ["enum isNotSet", { field: "profile.gender", op: "isNotSet" }, ["Cat"]],
    ["date lt", { field: "profile.birthday", op: "lt", value: "1990-01-01" }, ["Bob"]],
    [
      "date between",
      { field: "profile.birthday", op: "between", value: ["1985-01-01", "1995-12-31"] },
      ["Ann", "Bob"],
    ],
    [
      "birthday within the next 7 days (anniversary)",
      { field: "profile.birthday", op: "inNextDays", value: 7 },
      ["Ann"],
    ],
    [
      "birthday within the last 11 days (anniversary)",
      { field: "profile.birthday", op: "inLastDays", value: 11 },
      ["Bob"],
    ],
    [
      "birthday within the last 10 days excludes the 11th day back",
      { field: "profile.birthday", op: "inLastDays", value: 10 },
      [],
    ],
    ["age (whole years today)", { field: "profile.age", op: "between", value: [26, 36] }, ["Ann", "Eve"]],
    [
      "timestamp inLastDays (joined in the last 2 days)",
      { field: "profile.joinedAt", op: "inLastDays", value: 2 },
      ["Ann"],
    ],
    [
      "timestamp beforeDaysAgo (joined before 30 days ago)",
      { field: "profile.joinedAt", op: "beforeDaysAgo", value: 30 },
      ["Bob", "Eve"],
    ],
    [
      "timestamp gte a local date",
      { field: "metrics.lastOrderAt", op: "gte", value: "2026-11-30" },
      ["Ann", "Eve"],
    ],
    [
      "timestamp lte a local date includes that evening",
      { field: "metrics.lastOrderAt", op: "lte", value: "2026-10-01" },
      ["Bob"],
    ],
    [
      "timestamp lt an instant",
      { field: "metrics.lastOrderAt", op: "lt", value: "2026-11-30T00:30:00+08:00" },
      ["Bob"],
    ],
    [
      "timestamp between local dates",
      { field: "metrics.firstOrderAt", op: "between", value: ["2026-10-01", "2026-10-01"] },
      ["Bob"],
    ],
    ["timestamp isNotSet", { field: "profile.joinedAt", op: "isNotSet" }, ["Cat"]],
    ["boolean eq", { field: "profile.hasPhone", op: "eq", value: false }, ["Cat"]],
    [
      "days since last order in the shop's days",
      { field: "metrics.daysSinceLastOrder", op: "eq", value: 0 },
      ["Ann", "Eve"],
    ],
    ["no order for 30 days", { field: "metrics.daysSinceLastOrder", op: "gte", value: 30 }, ["Bob"]],
    ["rfm money", { field: "rfm.monetary", op: "gte", value: 50000 }, ["Ann"]],
  ] as [string, unknown, string[]][])("%s", async (_name, rule, expected) => {
    expect(await match(rule)).toEqual(expected);
  });

  it("nests all / any / not, with not the exact complement even over unset values", async () => {
    const women = { field: "profile.gender", op: "eq", value: "female" };
    const shanghaiOrBeijing = { field: "profile.city", op: "in", value: ["上海", "北京"] };
    expect(await match({ all: [women, shanghaiOrBeijing] })).toEqual(["Ann"]);
    expect(await match({ any: [women, shanghaiOrBeijing] })).toEqual(["Ann", "Bob", "Eve"]);
    expect(await match({ not: { any: [women, shanghaiOrBeijing] } })).toEqual(["Cat"]);
    expect(await match({ not: { field: "metrics.daysSinceLastOrder", op: "gte", value: 30 } })).toEqual([
      "Ann",
      "Cat",
      "Eve",
    ]);
    expect(
      await match({
        any: [
          { all: [women, { not: { field: "profile.city", op: "eq", value: "上海" } }] },
          {
            all: [
              { field: "rfm.class", op: "eq", value: "general_retain" },
              { field: "metrics.orderCount", op: "eq", value: 1 },
            ],
          },
        ],
      }),
    ).toEqual(["Bob", "Eve"]);
  });

  it("compares days since and counts as the per-row day difference and coalesce(…, 0) would, for every operator", async () => {
    // The oracle: each customer's values as the per-row expressions give them, compared in JavaScript
    // (unset fails comparisons, passes ne and notIn).
    async function valuesAt(at: Date, timeZone: string) {
      const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(at);
      const rows = await withSystem(use(), async (tx) =>
        rowsOf<{ id: string; last: number | null; first: number | null; orders: number }>(
          await tx.execute(sql`select c.id,
              (${today}::date - (m.last_order_at at time zone ${timeZone})::date) as last,
              (${today}::date - (m.first_order_at at time zone ${timeZone})::date) as first,
              coalesce(m.order_count, 0) as orders
            from customers c left join customer_metrics m on m.merchant_id = c.merchant_id and m.customer_id = c.id
            where c.merchant_id = ${shop.merchant.id} and c.merged_into_id is null`),
        ),
      );
      const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
      return rows.map((r) => ({ ...r, name: names.get(r.id) as string }));
    }
    const holds = (x: number | null, op: string, value: unknown): boolean => {
      if (op === "ne") return x === null || x !== value;
      if (op === "notIn") return x === null || !(value as number[]).includes(x);
      if (x === null) return false;
      const v = value as number;
      switch (op) {
        case "eq":
          return x === v;
        case "gt":
          return x > v;
        case "gte":
          return x >= v;
        case "lt":
          return x < v;
        case "lte":
          return x <= v;
        case "in":
          return (value as number[]).includes(x);
        default: {
          const [from, to] = value as [number, number];
          return x >= from && x <= to;
        }
      }
    };
    const scalars = [-1, 0, 0.5, 1, 2.5, 3, 5, 59, 59.5, 60, 60.5, 61, 90, 698, 699, 1e6];
    const comparisons: [string, unknown][] = [
      ...["eq", "ne", "gt", "gte", "lt", "lte"].flatMap((op) =>
        scalars.map((v): [string, unknown] => [op, v]),
      ),
      ...[
        [0, 60],
        [0.5, 60],
        [1, 59.9],
        [0.2, 0.8],
        [-5, 0],
        [3, 5],
        [-1e6, 1e6],
      ].map((v): [string, unknown] => ["between", v]),
      ...[[0, 60], [0.5], [60, 3], [5, 1], [0]].flatMap((v): [string, unknown][] => [
        ["in", v],
        ["notIn", v],
      ]),
    ];
    const fields = [
      ["metrics.daysSinceLastOrder", "last"],
      ["metrics.daysSinceFirstOrder", "first"],
      ["metrics.orderCount", "orders"],
    ] as const;
    for (const [at, timeZone] of [
      [now, shanghai],
      [new Date("2026-11-30T23:59:00+08:00"), shanghai],
      [new Date("2026-12-01T00:01:00+08:00"), shanghai],
      [now, "UTC"],
      [now, "America/Los_Angeles"],
    ] as const) {
      const customers = await valuesAt(at, timeZone);
      for (const [field, key] of fields) {
        for (const [op, value] of comparisons) {
          const expected = customers
            .filter((c) => holds(c[key], op, value))
            .map((c) => c.name)
            .sort();
          expect(
            await match({ field, op, value }, { at, timeZone }),
            `${field} ${op} ${value} ${at.toISOString()} ${timeZone}`,
          ).toEqual(expected);
        }
        const set = customers
          .filter((c) => c[key] !== null)
          .map((c) => c.name)
          .sort();
        expect(await match({ field, op: "isSet" }, { at, timeZone })).toEqual(set);
      }
    }
  });

  it("counts purchases in a window of whole Shanghai days: 00:30 is today, 23:30 the night before is not", async () => {
    const fruit = (days: number, count: object) => ({
      purchased: { category: "水果" },
      count,
      within: { days },
    });
    expect(await match(fruit(1, { op: "eq", value: 1 }))).toEqual(["Eve"]);
    expect(await match(fruit(1, { op: "gte", value: 2 }))).toEqual([]);
    expect(await match(fruit(2, { op: "gte", value: 2 }))).toEqual(["Eve"]);
    // In UTC both orders fall on the 29th, which is not "today" at 02:00 UTC on the 30th.
    expect(await match(fruit(1, { op: "gte", value: 1 }), { timeZone: "UTC" })).toEqual([]);
    expect(await match(fruit(2, { op: "eq", value: 2 }), { timeZone: "UTC" })).toEqual(["Eve"]);
    const lastOrderYesterday = { field: "metrics.daysSinceLastOrder", op: "eq", value: 1 };
    expect(await match(lastOrderYesterday)).toEqual([]);
    expect(await match(lastOrderYesterday, { timeZone: "UTC" })).toEqual(["Ann", "Eve"]);
    // A minute before Shanghai midnight the 00:30 order is still today; a minute after, it is not.
    expect(
      await match(fruit(1, { op: "gte", value: 1 }), { at: new Date("2026-11-30T23:59:00+08:00") }),
    ).toEqual(["Eve"]);
    expect(
      await match(fruit(1, { op: "gte", value: 1 }), { at: new Date("2026-12-01T00:01:00+08:00") }),
    ).toEqual([]);
  });

  it("counts zero-purchase customers for counts that zero satisfies", async () => {
    const rule = { purchased: { category: "水果" }, count: { op: "lt", value: 1 }, within: { days: 90 } };
    expect(await match(rule)).toEqual(["Ann", "Cat"]);
    expect(await match({ purchased: { category: "水果" }, count: { op: "between", value: [0, 1] } })).toEqual(
      ["Ann", "Bob", "Cat"],
    );
    expect(await match({ purchased: {}, count: { op: "ne", value: 3 } })).toEqual(["Ann", "Bob", "Cat"]);
  });

  it("filters purchases by SKU, store and spend", async () => {
    expect(await match({ purchased: { sku: ["APL"] }, count: { op: "gte", value: 1 } })).toEqual([
      "Bob",
      "Eve",
    ]);
    expect(await match({ purchased: { storeId } })).toEqual(["Eve"]);
    expect(await match({ purchased: { category: "水果" }, spend: { op: "gte", value: 10000 } })).toEqual([
      "Bob",
    ]);
    expect(
      await match({ purchased: {}, spend: { op: "between", value: [5000, 6000] }, within: { days: 2 } }),
    ).toEqual(["Eve"]);
    expect(
      await match({
        purchased: { category: ["水果", "乳品"] },
        count: { op: "eq", value: 2 },
        within: { days: 7 },
      }),
    ).toEqual(["Eve"]);
  });

  it("counts events in a window", async () => {
    const logins = (days: number, value: number) => ({
      event: "member.logged_in",
      count: { op: "gte", value },
      within: { days },
    });
    expect(await match(logins(1, 1))).toEqual(["Ann"]);
    expect(await match(logins(2, 1))).toEqual(["Ann", "Bob"]);
    expect(await match(logins(30, 2))).toEqual(["Ann"]);
    expect(await match({ event: "member.logged_in", count: { op: "eq", value: 0 } })).toEqual(["Cat", "Eve"]);
  });

  it("reads tags (has / notHas)", async () => {
    const tag = await withMerchant(use(), shop.merchant.id, async (tx) => {
      const created = await createTag(tx, shop.merchant.id, { name: "VIP", kind: "manual" });
      await addTagToCustomers(tx, shop.merchant.id, created.id, [ids.Bob as string], {
        actor: { kind: "system", name: "test" },
        at: now,
      });
      return created;
    });
    expect(await match({ tag: tag.id, op: "has" })).toEqual(["Bob"]);
    expect(await match({ tag: tag.id, op: "notHas" })).toEqual(["Ann", "Cat", "Eve"]);
  });

  it("restricts every part of the query to the given customers", async () => {
    expect(await match({ purchased: { category: "水果" } }, { only: ["Eve", "Ann"] })).toEqual(["Eve"]);
    expect(
      await match({ purchased: {}, count: { op: "eq", value: 0 } }, { only: ["Eve", "Ann", "Dup"] }),
    ).toEqual(["Ann"]);
  });

  it("previews a rule over HTTP: the count and the first customers", async () => {
    const res = await post("/api/v1/insight/preview", {
      rule: { field: "profile.gender", op: "eq", value: "female" },
      now: "2026-11-30T10:00:00+08:00",
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.count).toBe(2);
    expect(body.customers.map((c: { id: string }) => c.id).sort()).toEqual([ids.Ann, ids.Eve].sort());
    expect(body.timeZone).toBe(shanghai);
    const otherShop = await post(
      "/api/v1/insight/preview",
      { rule: { field: "profile.gender", op: "eq", value: "female" } },
      other.apiKey,
    );
    expect(otherShop.json().count).toBe(0);
  });

  it("answers a bad rule with 400 invalid_rule naming the path", async () => {
    const res = await post("/api/v1/insight/preview", {
      rule: {
        all: [
          { field: "profile.city", op: "isSet" },
          { any: [{ field: "metrics.averageOrderValue", op: "gte", value: "100" }] },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_rule");
    expect(res.json().error.details.path).toBe("all[1].any[0].value");
    const unknownTag = await post("/api/v1/insight/preview", {
      rule: { any: [{ tag: "00000000-0000-4000-8000-000000000000", op: "has" }] },
    });
    expect(unknownTag.statusCode).toBe(400);
    expect(unknownTag.json().error.details.path).toBe("any[0].tag");
  });

  it("lists the fields with types, operators and labels in both languages", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/api/v1/insight/fields",
      headers: bearer(shop.apiKey),
    });
    expect(res.statusCode).toBe(200);
    const aov = res.json().data.find((f: { name: string }) => f.name === "metrics.averageOrderValue");
    expect(aov).toMatchObject({ type: "money", label: { "zh-CN": "客单价", en: "Average order value" } });
    expect(aov.operators).toContain("gte");
    const rfmClass = res.json().data.find((f: { name: string }) => f.name === "rfm.class");
    expect(rfmClass.values).toHaveLength(8);
  });
});
