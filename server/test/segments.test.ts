import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import "../src/jobs/job-definitions.js";
import { reconcileSegments, refreshSegmentsFor } from "../src/modules/segments/reconcile-segments.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

/** A small seeded generator, so a failing run can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function membership(database: Database, merchantId: string): Promise<string[]> {
  return withMerchant(database, merchantId, async (tx) =>
    rowsOf<{ k: string }>(
      await tx.execute(sql`select segment_id || ':' || customer_id as k from segment_members
        where merchant_id = ${merchantId} order by 1`),
    ).map((r) => r.k),
  );
}

async function segmentEvents(database: Database, merchantId: string) {
  return withMerchant(database, merchantId, async (tx) =>
    rowsOf<{ type: string; customer_id: string; segment_id: string }>(
      await tx.execute(sql`select type, customer_id, properties->>'segmentId' as segment_id from events
        where merchant_id = ${merchantId} and type like 'segment.%' order by id`),
    ),
  );
}

async function countRows(database: Database, table: string, merchantId: string): Promise<number> {
  const rows = await withSystem(database, (tx) =>
    tx.execute(sql.raw(`select count(*)::int as n from ${table} where merchant_id = '${merchantId}'`)),
  );
  return rowsOf<{ n: number }>(rows)[0]!.n;
}

describeEachDatabase("segments (人群)", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;
  let orderNo = 0;
  const send = (method: string, url: string, payload?: unknown, key = shop.apiKey) =>
    app.inject({
      method: method as "GET",
      url,
      payload: payload as object | undefined,
      headers: bearer(key),
    });
  const placeOrder = async (phone: string, amount: number, category = "水果", key = shop.apiKey) => {
    orderNo += 1;
    const res = await send(
      "POST",
      "/api/v1/orders",
      {
        externalId: `SEG-${orderNo}`,
        customer: { phone },
        placedAt: new Date(Date.now() - 3_600_000).toISOString(),
        items: [{ sku: `SKU-${category}`, name: category, category, quantity: 1, unitPrice: amount }],
      },
      key,
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; customerId: string; total: number };
  };

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
  });
  afterAll(() => app.close());

  describe("dynamic membership", () => {
    it("after random orders, refunds and profile changes, refreshSegmentsFor leaves exactly what a full reconcile finds, with one event per entry and exit", async () => {
      const database = use();
      const merchantId = shop.merchant.id;
      const rules = {
        big: {
          all: [
            { field: "metrics.orderCount", op: "gte", value: 2 },
            { field: "metrics.netSpent", op: "gte", value: 6000 },
          ],
        },
        hangzhouOrFruit: {
          any: [
            { field: "profile.city", op: "eq", value: "杭州" },
            { purchased: { category: "水果" }, count: { op: "gte", value: 2 }, within: { days: 30 } },
          ],
        },
        quiet: { not: { field: "metrics.orderCount", op: "gte", value: 1 } },
      };
      const ids: string[] = [];
      for (const [name, rule] of Object.entries(rules)) {
        const res = await send("POST", "/api/v1/segments", { name, rule });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().reconcileJobId).toEqual(expect.any(Number));
        ids.push(res.json().id);
      }
      await reconcileSegments(database, merchantId);

      const seed = Number(process.env.SEGMENT_SEED ?? 20261130);
      const next = random(seed);
      const phones = Array.from({ length: 8 }, (_, i) => `1391000${String(i).padStart(4, "0")}`);
      const orders: { id: string; customerId: string; total: number; refunded: boolean }[] = [];
      const customers = new Set<string>();
      for (let step = 0; step < 60; step++) {
        const roll = next();
        let touched: string;
        if (roll < 0.55 || orders.length === 0) {
          const phone = phones[Math.floor(next() * phones.length)]!;
          const order = await placeOrder(
            phone,
            1000 + Math.floor(next() * 5000),
            next() < 0.5 ? "水果" : "蔬菜",
          );
          orders.push({ ...order, refunded: false });
          touched = order.customerId;
        } else if (roll < 0.8) {
          const open = orders.filter((o) => !o.refunded);
          const order = open[Math.floor(next() * open.length)] ?? orders[0]!;
          if (!order.refunded) {
            const res = await send("POST", `/api/v1/orders/${order.id}/refunds`, { reason: "test" });
            expect(res.statusCode, res.body).toBe(201);
            order.refunded = true;
          }
          touched = order.customerId;
        } else {
          const customerId = [...customers][Math.floor(next() * customers.size)] ?? orders[0]!.customerId;
          const city = next() < 0.5 ? "杭州" : "上海";
          const res = await send("PATCH", `/api/v1/customers/${customerId}`, { city });
          expect(res.statusCode, res.body).toBe(200);
          touched = customerId;
        }
        customers.add(touched);
        await withMerchant(database, merchantId, (tx) => refreshSegmentsFor(tx, merchantId, [touched]));
      }

      const incremental = await membership(database, merchantId);
      expect(incremental.length, `seed ${seed}`).toBeGreaterThan(0);
      const changes = await reconcileSegments(database, merchantId);
      expect(
        changes.map((c) => [c.entered, c.exited]),
        `seed ${seed}`,
      ).toEqual(ids.map(() => [0, 0]));
      expect(await membership(database, merchantId)).toEqual(incremental);

      // Per segment and customer the events alternate entered, exited, entered… and end where membership is.
      const events = await segmentEvents(database, merchantId);
      const lastByKey = new Map<string, string>();
      for (const e of events) {
        const key = `${e.segment_id}:${e.customer_id}`;
        const previous = lastByKey.get(key);
        expect(e.type, key).toBe(previous === "segment.entered" ? "segment.exited" : "segment.entered");
        lastByKey.set(key, e.type);
      }
      const entered = [...lastByKey]
        .filter(([, type]) => type === "segment.entered")
        .map(([k]) => k)
        .sort();
      expect(entered).toEqual(incremental);
      expect(
        events.some((e) => e.type === "segment.exited"),
        `seed ${seed}`,
      ).toBe(true);
    });

    it("only touches the customers it is given", async () => {
      const merchantId = shop.merchant.id;
      const res = await send("POST", "/api/v1/segments", {
        name: "scoped",
        rule: { field: "profile.occupation", op: "eq", value: "教师" },
      });
      const segmentId = res.json().id as string;
      const a = await placeOrder("13920000001", 1000);
      const b = await placeOrder("13920000002", 1000);
      // Changed behind the hooks' back, so only the explicit refresh below sees it.
      await withMerchant(use(), merchantId, (tx) =>
        tx.execute(sql`update customers set occupation = '教师'
          where merchant_id = ${merchantId} and id in (${a.customerId}::uuid, ${b.customerId}::uuid)`),
      );
      await withMerchant(use(), merchantId, (tx) => refreshSegmentsFor(tx, merchantId, [a.customerId]));
      const members = (await send("GET", `/api/v1/segments/${segmentId}/customers?limit=200`)).json().data;
      expect(members.map((m: { id: string }) => m.id)).toEqual([a.customerId]);
      const [changes] = await reconcileSegments(use(), merchantId, { segmentId });
      expect(changes).toMatchObject({ entered: 1, exited: 0 });
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

    it("queues each shop's nightly reconcile at 06:xx in its own time zone, once, and the job reconciles every segment", async () => {
      const queued = async () =>
        (
          await use().query<{ n: number }>(
            "select count(*)::int as n from jobs where name = 'segments.reconcile' and merchant_id = $1 and dedupe_key like 'segments.nightly:%'",
            [shop.merchant.id],
          )
        )[0]!.n;
      await runJob("segments.nightly", null, { scheduledFor: "2026-12-01T12:40:00Z" });
      expect(await queued()).toBe(0);
      // 22:40 UTC is 06:40 the next morning in Shanghai.
      await runJob("segments.nightly", null, { scheduledFor: "2026-12-01T22:40:00Z" });
      await runJob("segments.nightly", null, { scheduledFor: "2026-12-01T22:40:00Z" });
      expect(await queued()).toBe(1);
      const result = (await runJob("segments.reconcile", shop.merchant.id, {})) as { segments: number };
      const listed = (await send("GET", "/api/v1/segments")).json().data;
      expect(result.segments).toBe(listed.length);
    });
  });

  describe("routes", () => {
    let segmentId: string;

    beforeAll(async () => {
      for (let i = 0; i < 7; i++) await placeOrder(`1393000${String(i).padStart(4, "0")}`, 500 + i);
      const res = await send("POST", "/api/v1/segments", {
        name: "有手机的顾客",
        description: "everyone with a phone",
        rule: { field: "profile.phone", op: "startsWith", value: "13930" },
      });
      segmentId = res.json().id;
      await reconcileSegments(use(), shop.merchant.id, { segmentId });
    });

    it("previews the live count and the first customers of a rule being edited", async () => {
      const res = await send("POST", "/api/v1/segments/preview", {
        rule: {
          all: [
            { field: "profile.phone", op: "startsWith", value: "13930" },
            { field: "metrics.totalSpent", op: "gte", value: 503 },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().count).toBe(4);
      expect(res.json().customers).toHaveLength(4);
    });

    it("lists segments with member counts, and pages through members without repeats", async () => {
      const list = (await send("GET", "/api/v1/segments")).json().data;
      expect(list.find((s: { id: string }) => s.id === segmentId).memberCount).toBe(7);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await send(
          "GET",
          `/api/v1/segments/${segmentId}/customers?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json();
        seen.push(...page.data.map((m: { id: string }) => m.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(7);
      const bad = await send("GET", `/api/v1/segments/${segmentId}/customers?cursor=nonsense`);
      expect(bad.statusCode).toBe(400);
    });

    it("exports the members as CSV with name, phone and metrics", async () => {
      const res = await send("GET", `/api/v1/segments/${segmentId}/customers.csv`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toContain("text/csv");
      const lines = res.body
        .replace(/^\ufeff/, "")
        .trim()
        .split("\r\n");
      expect(lines[0]).toBe("name,phone,orderCount,totalSpent,netSpent,lastOrderAt,enteredAt");
      expect(lines).toHaveLength(8);
      const row = lines.find((l) => l.includes("13930000006"))!.split(",");
      expect(row.slice(1, 5)).toEqual(["13930000006", "1", "5.06", "5.06"]);
    });

    it("renames without a reconcile, and a new rule bumps the version and queues one", async () => {
      const renamed = await send("PATCH", `/api/v1/segments/${segmentId}`, { name: "手机号段 13930" });
      expect(renamed.json()).toMatchObject({ name: "手机号段 13930", ruleVersion: 1, reconcileJobId: null });
      const changed = await send("PATCH", `/api/v1/segments/${segmentId}`, {
        rule: { field: "profile.phone", op: "startsWith", value: "139300000" },
      });
      expect(changed.json()).toMatchObject({ ruleVersion: 2, reconcileJobId: expect.any(Number) });
      const [result] = await reconcileSegments(use(), shop.merchant.id, { segmentId });
      expect(result).toMatchObject({ entered: 0, exited: 0 });
      const narrowed = await send("PATCH", `/api/v1/segments/${segmentId}`, {
        rule: { field: "profile.phone", op: "eq", value: "13930000001" },
      });
      expect(narrowed.statusCode).toBe(200);
      const [after] = await reconcileSegments(use(), shop.merchant.id, { segmentId });
      expect(after).toMatchObject({ entered: 0, exited: 6 });
      expect((await send("GET", `/api/v1/segments/${segmentId}`)).json().memberCount).toBe(1);
      const reconcile = await send("POST", `/api/v1/segments/${segmentId}/reconcile`);
      expect(reconcile.statusCode).toBe(202);
    });

    it("hides every segment route from another merchant's API key (404)", async () => {
      const calls: [string, string, unknown?][] = [
        ["GET", `/api/v1/segments/${segmentId}`],
        ["PATCH", `/api/v1/segments/${segmentId}`, { name: "mine now" }],
        ["DELETE", `/api/v1/segments/${segmentId}`],
        ["POST", `/api/v1/segments/${segmentId}/reconcile`],
        ["GET", `/api/v1/segments/${segmentId}/customers`],
        ["GET", `/api/v1/segments/${segmentId}/customers.csv`],
      ];
      for (const [method, url, body] of calls) {
        const res = await send(method, url, body, other.apiKey);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
      expect((await send("GET", "/api/v1/segments", undefined, other.apiKey)).json().data).toEqual([]);
      const preview = await send(
        "POST",
        "/api/v1/segments/preview",
        { rule: { field: "metrics.orderCount", op: "gte", value: 0 } },
        other.apiKey,
      );
      expect(preview.json().count).toBe(0);
      expect((await send("GET", `/api/v1/segments/${segmentId}`)).statusCode).toBe(200);
    });

    it("refuses bad input on every write route with a code naming the bad part, and writes nothing", async () => {
      const merchantId = shop.merchant.id;
      const before = await Promise.all(
        ["segments", "segment_members", "events", "jobs"].map((t) => countRows(use(), t, merchantId)),
      );
      const missingTag = "00000000-0000-4000-8000-000000000000";
      const cases: [string, string, unknown, string, string?][] = [
        ["POST", "/api/v1/segments", { name: "x" }, "validation_failed"],
        [
          "POST",
          "/api/v1/segments",
          { name: "", rule: { field: "metrics.orderCount", op: "gte", value: 1 } },
          "validation_failed",
        ],
        [
          "POST",
          "/api/v1/segments",
          { name: "x", rule: { field: "metrics.nope", op: "gte", value: 1 } },
          "invalid_rule",
          "field",
        ],
        [
          "POST",
          "/api/v1/segments",
          { name: "x", rule: { all: [{ field: "metrics.orderCount", op: "gte", value: "3" }] } },
          "invalid_rule",
          "all[0].value",
        ],
        [
          "POST",
          "/api/v1/segments",
          { name: "x", rule: { tag: missingTag, op: "has" } },
          "invalid_rule",
          "tag",
        ],
        [
          "POST",
          "/api/v1/segments",
          { name: "x", rule: { layer: missingTag, op: "in" } },
          "invalid_rule",
          "layer",
        ],
        [
          "POST",
          "/api/v1/segments",
          { name: "x", rule: { layer: missingTag, op: "is" } },
          "invalid_rule",
          "op",
        ],
        [
          "POST",
          "/api/v1/segments",
          { name: "手机号段 13930", rule: { field: "metrics.orderCount", op: "gte", value: 1 } },
          "already_exists",
        ],
        [
          "POST",
          "/api/v1/segments",
          { name: "x", rule: { field: "metrics.orderCount", op: "gte", value: 1 }, extra: 1 },
          "validation_failed",
        ],
        ["PATCH", `/api/v1/segments/${segmentId}`, { rule: { any: [] } }, "invalid_rule", "any"],
        ["PATCH", `/api/v1/segments/${segmentId}`, { name: 5 }, "validation_failed"],
        ["PATCH", "/api/v1/segments/not-a-uuid", { name: "y" }, "validation_failed"],
        ["DELETE", "/api/v1/segments/not-a-uuid", undefined, "validation_failed"],
        ["POST", "/api/v1/segments/preview", { rule: { not: {} } }, "invalid_rule", "not"],
        ["POST", "/api/v1/segments/preview", {}, "validation_failed"],
      ];
      for (const [method, url, body, code, path] of cases) {
        const res = await send(method, url, body);
        const label = `${method} ${url} ${JSON.stringify(body)} → ${res.body}`;
        expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, label).toBeLessThan(500);
        expect(res.json().error.code, label).toBe(code);
        if (path) expect(res.json().error.details.path, label).toBe(path);
      }
      const after = await Promise.all(
        ["segments", "segment_members", "events", "jobs"].map((t) => countRows(use(), t, merchantId)),
      );
      expect(after).toEqual(before);
    });

    it("deletes a segment with its membership", async () => {
      const res = await send("DELETE", `/api/v1/segments/${segmentId}`);
      expect(res.statusCode).toBe(204);
      expect((await send("GET", `/api/v1/segments/${segmentId}/customers`)).statusCode).toBe(404);
      const left = await withMerchant(use(), shop.merchant.id, async (tx) =>
        rowsOf<{ n: number }>(
          await tx.execute(
            sql`select count(*)::int as n from segment_members where segment_id = ${segmentId}`,
          ),
        ),
      );
      expect(left[0]!.n).toBe(0);
    });
  });
});
