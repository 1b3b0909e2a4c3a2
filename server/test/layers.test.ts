import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import "../src/jobs/job-definitions.js";
import { reevaluateLayers, refreshLayersFor } from "../src/modules/layers/evaluate-layers.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;
type LayerView = {
  id: string;
  name: string;
  nameEn: string;
  isDefault: boolean;
  customerCount: number;
  rule: unknown;
};

/** Three layers whose rules read only amounts and counts, so "now" only stamps the moves. */
const spendLayers = [
  { name: "大客", nameEn: "Big", rule: { field: "metrics.netSpent", op: "gte", value: 10_000 } },
  { name: "回头客", nameEn: "Returning", rule: { field: "metrics.orderCount", op: "gte", value: 2 } },
  { name: "其他", nameEn: "Others" },
];

async function placements(database: Database, merchantId: string): Promise<Map<string, string>> {
  const rows = await withMerchant(database, merchantId, async (tx) =>
    rowsOf<{ customer_id: string; name: string }>(
      await tx.execute(sql`select cl.customer_id, l.name from customer_layers cl
        join layers l on l.merchant_id = cl.merchant_id and l.id = cl.layer_id where cl.merchant_id = ${merchantId}`),
    ),
  );
  return new Map(rows.map((r) => [r.customer_id, r.name]));
}

async function liveCustomers(database: Database, merchantId: string): Promise<number> {
  const rows = await withMerchant(database, merchantId, async (tx) =>
    rowsOf<{ n: number }>(
      await tx.execute(
        sql`select count(*)::int as n from customers where merchant_id = ${merchantId} and merged_into_id is null`,
      ),
    ),
  );
  return rows[0]!.n;
}

/** Customers written straight to the table, so no hook places them before the test does. */
async function insertCustomers(database: Database, merchantId: string, count: number): Promise<string[]> {
  return withMerchant(database, merchantId, async (tx) =>
    rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name)
        select ${merchantId}, '顾客' || g from generate_series(1, ${count}::int) g returning id`),
    ).map((r) => r.id),
  );
}

const setOccupation = (database: Database, merchantId: string, customerId: string, occupation: string) =>
  withMerchant(database, merchantId, (tx) =>
    tx.execute(
      sql`update customers set occupation = ${occupation} where merchant_id = ${merchantId} and id = ${customerId}`,
    ),
  );

async function countRows(database: Database, table: string, merchantId: string): Promise<number> {
  const rows = await withSystem(database, (tx) =>
    tx.execute(sql.raw(`select count(*)::int as n from ${table} where merchant_id = '${merchantId}'`)),
  );
  return rowsOf<{ n: number }>(rows)[0]!.n;
}

describeEachDatabase("layers (社群分层)", (use) => {
  let app: App;
  let orderNo = 0;
  const send = (key: string, method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as "GET",
      url,
      payload: payload as object | undefined,
      headers: bearer(key),
    });
  const placeOrder = async (key: string, phone: string, amount: number) => {
    orderNo += 1;
    const res = await send(key, "POST", "/api/v1/orders", {
      externalId: `LAY-${orderNo}`,
      customer: { phone },
      placedAt: "2026-11-01T10:00:00+08:00",
      items: [{ sku: "A", name: "苹果", category: "水果", quantity: 1, unitPrice: amount }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; customerId: string };
  };

  beforeAll(async () => {
    app = await buildTestApp(use());
  });
  afterAll(() => app.close());

  describe("placement", () => {
    let shop: Shop;
    let owner: StaffClient;
    const who: Record<string, string> = {};

    beforeAll(async () => {
      shop = await createTestMerchant(use());
      owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      who.big = (await placeOrder(shop.apiKey, "13950000001", 15_000)).customerId;
      who.returning = (await placeOrder(shop.apiKey, "13950000002", 2_000)).customerId;
      await placeOrder(shop.apiKey, "13950000002", 2_000);
      who.both = (await placeOrder(shop.apiKey, "13950000003", 6_000)).customerId;
      await placeOrder(shop.apiKey, "13950000003", 6_000);
      who.small = (await placeOrder(shop.apiKey, "13950000004", 500)).customerId;
      const created = await send(shop.apiKey, "POST", "/api/v1/customers", {
        phone: "13950000005",
        name: "没下单",
      });
      expect(created.statusCode, created.body).toBe(201);
      who.none = created.json().id;
    });

    it("creates the default layers on first use, with zh-CN names and English labels, the last catching everyone", async () => {
      const res = await send(shop.apiKey, "GET", "/api/v1/layers");
      expect(res.statusCode, res.body).toBe(200);
      const layers = res.json().data as LayerView[];
      expect(layers.map((l) => [l.name, l.nameEn])).toEqual([
        ["核心", "Core"],
        ["活跃", "Active"],
        ["新客", "New"],
        ["普通", "Regular"],
      ]);
      expect(layers.map((l) => l.isDefault)).toEqual([false, false, false, true]);
      expect(layers.at(-1)!.rule).toBeNull();
      await reevaluateLayers(use(), shop.merchant.id);
      const placed = await placements(use(), shop.merchant.id);
      expect(placed.size).toBe(await liveCustomers(use(), shop.merchant.id));
      expect(placed.get(who.none!)).toBe("新客");
      expect(placed.get(who.big!)).toBe("新客");
    });

    it("previews how many customers each rule of a proposed set would hold, first match from the top, without saving", async () => {
      const res = await owner.call("POST", "/api/v1/layers/preview", { layers: spendLayers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data.map((l: { count: number }) => l.count)).toEqual([2, 1, 2]);
      expect(res.json().total).toBe(5);
      const swapped = [spendLayers[1], spendLayers[0], spendLayers[2]];
      const other = await owner.call("POST", "/api/v1/layers/preview", { layers: swapped });
      expect(other.json().data.map((l: { count: number }) => l.count)).toEqual([2, 1, 2]);
      expect(other.json().data.map((l: { name: string }) => l.name)).toEqual(["回头客", "大客", "其他"]);
      const names = ((await send(shop.apiKey, "GET", "/api/v1/layers")).json().data as LayerView[]).map(
        (l) => l.name,
      );
      expect(names).toEqual(["核心", "活跃", "新客", "普通"]);
    });

    it("saves a new set, keeps everyone in exactly one layer (removed layers' customers go to the catch-all), and re-places by first match", async () => {
      const before = (await send(shop.apiKey, "GET", "/api/v1/layers")).json().data as LayerView[];
      const kept = before.at(-1)!;
      const res = await owner.call("PUT", "/api/v1/layers", {
        layers: [spendLayers[0], spendLayers[1], { ...spendLayers[2], id: kept.id }],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().reevaluateJobId).toEqual(expect.any(Number));
      const afterSave = await placements(use(), shop.merchant.id);
      expect(afterSave.size).toBe(await liveCustomers(use(), shop.merchant.id));
      expect(new Set(afterSave.values())).toEqual(new Set(["其他"]));
      await reevaluateLayers(use(), shop.merchant.id);
      const placed = await placements(use(), shop.merchant.id);
      expect(placed.get(who.big!)).toBe("大客");
      expect(placed.get(who.both!)).toBe("大客");
      expect(placed.get(who.returning!)).toBe("回头客");
      expect(placed.get(who.small!)).toBe("其他");
      expect(placed.get(who.none!)).toBe("其他");
      const layers = (await send(shop.apiKey, "GET", "/api/v1/layers")).json().data as LayerView[];
      expect(layers.map((l) => l.customerCount)).toEqual([2, 1, 2]);
      expect(layers.at(-1)!.id).toBe(kept.id);
    });

    it("logs every move with its reason and emits layer.moved once per move", async () => {
      const merchantId = shop.merchant.id;
      await placeOrder(shop.apiKey, "13950000004", 12_000);
      // Whether the order's own hook or this call moves the customer, the move is logged once.
      await withMerchant(use(), merchantId, (tx) => refreshLayersFor(tx, merchantId, [who.small!]));
      const again = await withMerchant(use(), merchantId, (tx) =>
        refreshLayersFor(tx, merchantId, [who.small!]),
      );
      expect(again).toEqual([]);

      const merged = await send(shop.apiKey, "POST", `/api/v1/customers/${who.big}/merge`, {
        duplicateId: who.returning,
      });
      expect(merged.statusCode, merged.body).toBe(200);
      await withMerchant(use(), merchantId, (tx) =>
        refreshLayersFor(tx, merchantId, [who.big!, who.returning!]),
      );
      const placed = await placements(use(), merchantId);
      expect(placed.has(who.returning!)).toBe(false);
      expect(placed.size).toBe(await liveCustomers(use(), merchantId));

      const history = (await send(shop.apiKey, "GET", `/api/v1/customers/${who.small}/layer`)).json();
      expect(history.current).toMatchObject({ name: "大客", nameEn: "Big" });
      const moves = history.moves.map((m: { reason: string; fromName: string | null; toName: string }) => [
        m.reason,
        m.fromName,
        m.toName,
      ]);
      expect(moves.slice(0, 2)).toEqual([
        ["rule", "其他", "大客"],
        ["settings", "新客", "其他"],
      ]);
      // First placed by the order's hook (rule) or, without hooks, by the full re-evaluation.
      expect(moves.at(-1).slice(1)).toEqual([null, "新客"]);
      const mergedHistory = await withMerchant(use(), merchantId, async (tx) =>
        rowsOf<{ reason: string; to_layer_id: string | null }>(
          await tx.execute(sql`select reason, to_layer_id from layer_moves
            where merchant_id = ${merchantId} and customer_id = ${who.returning} order by id desc limit 1`),
        ),
      );
      expect(mergedHistory).toEqual([{ reason: "merge", to_layer_id: null }]);

      const [counts] = await withMerchant(use(), merchantId, async (tx) =>
        rowsOf<{ moves: number; events: number }>(
          await tx.execute(sql`select (select count(*)::int from layer_moves where merchant_id = ${merchantId}) as moves,
            (select count(*)::int from events where merchant_id = ${merchantId} and type = 'layer.moved') as events`),
        ),
      );
      expect(counts!.events).toBe(counts!.moves);
    });

    it("lets segments read layers through the { layer } condition", async () => {
      const layers = (await send(shop.apiKey, "GET", "/api/v1/layers")).json().data as LayerView[];
      const big = layers.find((l) => l.name === "大客")!;
      const inBig = await send(shop.apiKey, "POST", "/api/v1/segments/preview", {
        rule: { layer: big.id, op: "in" },
      });
      expect(inBig.json().count).toBe(big.customerCount);
      const notBig = await send(shop.apiKey, "POST", "/api/v1/segments/preview", {
        rule: { layer: [big.id], op: "notIn" },
      });
      expect(notBig.json().count).toBe((await liveCustomers(use(), shop.merchant.id)) - big.customerCount);
    });

    it("refuses bad input on every write route with a code naming the bad part, and writes nothing", async () => {
      const merchantId = shop.merchant.id;
      const tables = ["layers", "customer_layers", "layer_moves", "events", "jobs"];
      const before = await Promise.all(tables.map((t) => countRows(use(), t, merchantId)));
      const layers = (await send(shop.apiKey, "GET", "/api/v1/layers")).json().data as LayerView[];
      const [first, second, last] = spendLayers as [
        (typeof spendLayers)[0],
        (typeof spendLayers)[1],
        (typeof spendLayers)[2],
      ];
      const unknownId = "00000000-0000-4000-8000-000000000000";
      const bodies: [unknown, string, string][] = [
        [{ layers: [first] }, "validation_failed", ""],
        [{ layers: [first, second, { ...last, rule: first.rule }] }, "validation_failed", "layers[2].rule"],
        [
          { layers: [first, { name: "无规则", nameEn: "No rule" }, last] },
          "validation_failed",
          "layers[1].rule",
        ],
        [
          { layers: [{ ...first, rule: { field: "metrics.nope", op: "gte", value: 1 } }, last] },
          "invalid_rule",
          "layers[0].rule.field",
        ],
        [
          { layers: [{ ...first, rule: { all: [first.rule, { layer: layers[0]!.id, op: "in" }] } }, last] },
          "invalid_rule",
          "layers[0].rule.all[1].layer",
        ],
        [{ layers: [first, { ...second, name: "大客" }, last] }, "validation_failed", "layers[1].name"],
        [{ layers: [{ ...first, id: unknownId }, last] }, "validation_failed", "layers[0].id"],
        [{ layers: [first, { ...last, name: "" }] }, "validation_failed", ""],
      ];
      for (const [body, code, field] of bodies) {
        for (const url of ["/api/v1/layers", "/api/v1/layers/preview"]) {
          const res = await owner.call(url.endsWith("preview") ? "POST" : "PUT", url, body);
          const label = `${url} ${JSON.stringify(body)} → ${res.body}`;
          expect(res.statusCode, label).toBe(400);
          expect(res.json().error.code, label).toBe(code);
          const details = res.json().error.details ?? {};
          if (field) expect(details.path ?? details.field, label).toBe(field);
        }
      }
      for (const query of [
        "from=2026-11-10&to=2026-11-01",
        "from=2026-02-30&to=2026-03-01",
        "from=yesterday&to=2026-03-01",
        "to=2026-03-01",
      ]) {
        const res = await send(shop.apiKey, "GET", `/api/v1/layers/flow?${query}`);
        expect(res.statusCode, `${query} → ${res.body}`).toBe(400);
        expect(res.json().error.code).toBe("validation_failed");
      }
      expect((await send(shop.apiKey, "PUT", "/api/v1/layers", { layers: spendLayers })).statusCode).toBe(
        403,
      );
      expect((await send(shop.apiKey, "POST", "/api/v1/layers/reevaluate")).statusCode).toBe(403);
      const after = await Promise.all(tables.map((t) => countRows(use(), t, merchantId)));
      expect(after).toEqual(before);
    });

    it("hides a customer's layer history from another merchant's API key (404), and shows it its own layers only", async () => {
      const other = await createTestMerchant(use(), "Other Shop");
      const res = await send(other.apiKey, "GET", `/api/v1/customers/${who.small}/layer`);
      expect(res.statusCode).toBe(404);
      const theirs = (await send(other.apiKey, "GET", "/api/v1/layers")).json().data as LayerView[];
      expect(theirs.map((l) => l.name)).toEqual(["核心", "活跃", "新客", "普通"]);
      expect(theirs.every((l) => l.customerCount === 0)).toBe(true);
      const flow = (
        await send(other.apiKey, "GET", "/api/v1/layers/flow?from=2026-01-01&to=2030-01-01")
      ).json();
      expect(flow.matrix).toEqual([]);
      const mine = (await send(shop.apiKey, "GET", "/api/v1/layers")).json().data as LayerView[];
      const otherOwner = await loginStaff(app, other.ownerEmail, other.ownerPassword);
      const hijack = await otherOwner.call("PUT", "/api/v1/layers", {
        layers: [{ ...spendLayers[0], id: mine[0]!.id }, spendLayers[2]],
      });
      expect(hijack.statusCode).toBe(400);
      expect(hijack.json().error.details.field).toBe("layers[0].id");
    });
  });

  describe("jobs", () => {
    const runJob = (name: string, merchantId: string | null, payload: Record<string, unknown>) =>
      findJobDefinition(name)!.run({
        database: use(),
        payload,
        merchantId,
        job: {} as never,
        reportProgress: async () => {},
        log: console as never,
        signal: new AbortController().signal,
      });
    const jobsOf = async (merchantId: string, name: string) =>
      (
        await use().query<{ n: number }>(
          "select count(*)::int as n from jobs where name = $2 and merchant_id = $1",
          [merchantId, name],
        )
      )[0]!.n;

    it("on a shop's first hook call creates the default layers and queues the full re-evaluation that places everyone", async () => {
      const shop = await createTestMerchant(use());
      const [first] = await insertCustomers(use(), shop.merchant.id, 2);
      await withMerchant(use(), shop.merchant.id, (tx) => refreshLayersFor(tx, shop.merchant.id, [first!]));
      expect((await placements(use(), shop.merchant.id)).size).toBe(1);
      expect(await jobsOf(shop.merchant.id, "layers.reevaluate")).toBe(1);
      const result = (await runJob("layers.reevaluate", shop.merchant.id, {})) as { moved: number };
      expect(result.moved).toBe(1);
      expect((await placements(use(), shop.merchant.id)).size).toBe(2);
    });

    it("queues each shop's nightly re-evaluation at 05:xx in its own time zone, once", async () => {
      const shop = await createTestMerchant(use());
      const nightly = async () =>
        (
          await use().query<{ n: number }>(
            "select count(*)::int as n from jobs where name = 'layers.reevaluate' and merchant_id = $1 and dedupe_key like 'layers.nightly:%'",
            [shop.merchant.id],
          )
        )[0]!.n;
      await runJob("layers.nightly", null, { scheduledFor: "2026-12-01T05:30:00Z" });
      expect(await nightly()).toBe(0);
      // 21:30 UTC is 05:30 the next morning in Shanghai.
      await runJob("layers.nightly", null, { scheduledFor: "2026-12-01T21:30:00Z" });
      await runJob("layers.nightly", null, { scheduledFor: "2026-12-01T21:30:00Z" });
      expect(await nightly()).toBe(1);
    });
  });

  describe("flow report", () => {
    it("counts customers from their layer at the end of `from` to their layer at the end of `to`, local days, from the moves log", async () => {
      const shop = await createTestMerchant(use());
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      const merchantId = shop.merchant.id;
      // Rules on a profile field changed behind the hooks' back: each refresh below stamps its own time.
      const byOccupation = [
        { name: "大客", nameEn: "Big", rule: { field: "profile.occupation", op: "eq", value: "大客" } },
        {
          name: "回头客",
          nameEn: "Returning",
          rule: { field: "profile.occupation", op: "eq", value: "回头客" },
        },
        { name: "其他", nameEn: "Others" },
      ];
      expect((await owner.call("PUT", "/api/v1/layers", { layers: byOccupation })).statusCode).toBe(200);
      const ids = (await send(shop.apiKey, "GET", "/api/v1/layers"))
        .json()
        .data.map((l: LayerView) => l.id) as string[];
      const [big, returning, others] = ids as [string, string, string];
      const refresh = (customerId: string, when: string) =>
        withMerchant(use(), merchantId, (tx) =>
          refreshLayersFor(tx, merchantId, [customerId], { now: new Date(when) }),
        );
      const moveTo = async (customerId: string, occupation: string, when: string) => {
        await setOccupation(use(), merchantId, customerId, occupation);
        const moves = await refresh(customerId, when);
        expect(moves).toHaveLength(1);
      };

      // 11-01: x (moves twice), s (stays), q (moves late on 11-10), late (moves just after 11-10) placed.
      const [x, s, q, late, y] = (await insertCustomers(use(), merchantId, 5)) as [
        string,
        string,
        string,
        string,
        string,
      ];
      for (const c of [x, s, q, late]) await refresh(c, "2026-11-01T02:00:00Z");
      await moveTo(x, "回头客", "2026-11-05T02:00:00Z");
      await moveTo(x, "大客", "2026-11-08T02:00:00Z");
      // 23:30 on 11-10 in Shanghai (15:30 UTC): inside a report to 11-10.
      await moveTo(q, "回头客", "2026-11-10T15:30:00Z");
      // 00:30 on 11-11 in Shanghai (16:30 UTC, still 11-10 in UTC): outside a report to 11-10.
      await moveTo(late, "回头客", "2026-11-10T16:30:00Z");
      // y is first placed on 11-06: from "no layer".
      await refresh(y, "2026-11-06T02:00:00Z");

      const res = await send(shop.apiKey, "GET", "/api/v1/layers/flow?from=2026-11-03&to=2026-11-10");
      expect(res.statusCode, res.body).toBe(200);
      const flow = res.json();
      expect(flow.fromAt).toBe("2026-11-03T16:00:00.000Z");
      expect(flow.toAt).toBe("2026-11-10T16:00:00.000Z");
      type Cell = { fromLayerId: string | null; toLayerId: string | null; count: number };
      const cell = (report: { matrix: Cell[] }, from: string | null, to: string | null) =>
        report.matrix.find((c) => c.fromLayerId === from && c.toLayerId === to)?.count ?? 0;
      expect(cell(flow, others, big)).toBe(1);
      expect(cell(flow, others, returning)).toBe(1);
      expect(cell(flow, others, others)).toBe(2);
      expect(cell(flow, null, others)).toBe(1);
      expect(flow.matrix.reduce((n: number, c: Cell) => n + c.count, 0)).toBe(5);
      expect(flow.totals).toMatchObject({ customers: 5, stayed: 2, moved: 3 });
      expect(flow.layers.map((l: { name: string }) => l.name)).toEqual(["大客", "回头客", "其他"]);

      const nextDay = (
        await send(shop.apiKey, "GET", "/api/v1/layers/flow?from=2026-11-03&to=2026-11-11")
      ).json();
      expect(cell(nextDay, others, returning)).toBe(2);
      expect(cell(nextDay, others, others)).toBe(1);
      const sameDay = (
        await send(shop.apiKey, "GET", "/api/v1/layers/flow?from=2026-11-05&to=2026-11-05")
      ).json();
      expect(sameDay.totals).toMatchObject({ customers: 4, moved: 0 });
      const before = (
        await send(shop.apiKey, "GET", "/api/v1/layers/flow?from=2026-10-01&to=2026-10-31")
      ).json();
      expect(before.matrix).toEqual([]);
    });
  });
});
