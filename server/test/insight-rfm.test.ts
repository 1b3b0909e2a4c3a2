import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { type JobRunner, startJobRunner } from "../src/jobs/job-runner.js";
import "../src/jobs/job-definitions.js";
import { recomputeInsight } from "../src/modules/insight/recompute-insight.js";
import {
  averageOrderValue,
  classifyRfm,
  rfmClassLabels,
  rfmClassOf,
  scoreAmountByCutoffs,
  scoreQuintile,
  scoreRecencyByCutoffs,
} from "../src/modules/insight/rfm-rules.js";
import type { InsightSettings } from "../src/modules/insight/schemas.js";
import { type RfmClass, type RfmCutoffs, rfmClasses } from "../src/modules/insight/tables.js";
import { createOrder, type OrderContext } from "../src/modules/orders/create-order.js";
import { refundOrder } from "../src/modules/orders/refund-order.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

describe("RFM rules", () => {
  it.each([
    // rank, n, score
    [1, 10, 1],
    [2, 10, 1],
    [3, 10, 2],
    [5, 10, 3],
    [9, 10, 5],
    [10, 10, 5],
    [1, 1, 1],
    [1, 3, 1],
    [2, 3, 2],
    [3, 3, 4],
    // a tie spanning the first 60% shares rank 1; the next value jumps to 4
    [7, 10, 4],
  ])("scores rank %i of %i as quintile %i", (rank, n, score) => {
    expect(scoreQuintile(rank, n)).toBe(score);
  });

  const recency: RfmCutoffs["recency"] = [7, 30, 90, 180];
  it.each([
    [0, 5],
    [7, 5],
    [8, 4],
    [30, 4],
    [90, 3],
    [91, 2],
    [180, 2],
    [181, 1],
    [1000, 1],
  ])("scores %i days since the last order as %i against cut-offs 7/30/90/180", (days, score) => {
    expect(scoreRecencyByCutoffs(days, recency)).toBe(score);
  });

  const frequency: RfmCutoffs["frequency"] = [2, 3, 5, 10];
  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 3],
    [5, 4],
    [9, 4],
    [10, 5],
    [50, 5],
  ])("scores %i orders as %i against cut-offs 2/3/5/10", (orders, score) => {
    expect(scoreAmountByCutoffs(orders, frequency)).toBe(score);
  });

  it.each<[boolean, boolean, boolean, RfmClass, string]>([
    [true, true, true, "important_value", "重要价值客户"],
    [true, false, true, "important_develop", "重要发展客户"],
    [false, true, true, "important_keep", "重要保持客户"],
    [false, false, true, "important_retain", "重要挽留客户"],
    [true, true, false, "general_value", "一般价值客户"],
    [true, false, false, "general_develop", "一般发展客户"],
    [false, true, false, "general_keep", "一般保持客户"],
    [false, false, false, "general_retain", "一般挽留客户"],
  ])("classes R high %s, F high %s, M high %s as %s (%s)", (r, f, m, code, zh) => {
    expect(rfmClassOf(r, f, m)).toBe(code);
    expect(rfmClassLabels[code]["zh-CN"]).toBe(zh);
    expect(rfmClassLabels[code].en.length).toBeGreaterThan(3);
  });

  it("counts a score as high only when strictly above the average score", () => {
    const average = { r: 3, f: 2.5, m: 3.2 };
    expect(classifyRfm({ r: 3, f: 3, m: 4 }, average)).toBe("important_keep");
    expect(classifyRfm({ r: 4, f: 2, m: 3 }, average)).toBe("general_develop");
  });

  it.each([
    [0, 0, 0],
    [100, 1, 100],
    [199, 2, 100],
    [197, 2, 99],
    [10, 3, 3],
    [11, 3, 4],
    [5, 2, 3],
    [1, 3, 0],
  ])("averages %i 分 over %i orders as %i 分 (half up)", (net, orders, aov) => {
    expect(averageOrderValue(net, orders)).toBe(aov);
  });
});

const context: OrderContext = { source: "api", actor: { kind: "system", name: "test" } };
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const dayMs = 86_400_000;

/** YYYY-MM-DD of an instant on the clocks of a time zone. */
function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / dayMs);

type Expected = {
  customer_id: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_class: RfmClass;
};

/** RFM from the order rows in plain TypeScript, written from the definitions, not from the SQL. */
function computeRfmInTypeScript(
  orders: { customer_id: string; placed_at: Date; net: number }[],
  settings: InsightSettings["rfm"],
  asOf: string,
  timeZone: string,
): Expected[] {
  const windowStart =
    settings.windowDays === null ? null : daysBetween("1970-01-01", asOf) - settings.windowDays + 1;
  const byCustomer = new Map<string, { last: string; frequency: number; monetary: number }>();
  for (const order of orders) {
    const day = localDate(order.placed_at, timeZone);
    if (day > asOf) continue;
    const entry = byCustomer.get(order.customer_id) ?? { last: day, frequency: 0, monetary: 0 };
    if (day > entry.last) entry.last = day;
    if (windowStart === null || daysBetween("1970-01-01", day) >= windowStart) {
      entry.frequency += 1;
      entry.monetary += order.net;
    }
    byCustomer.set(order.customer_id, entry);
  }
  const rows = [...byCustomer].map(([customer_id, e]) => ({
    customer_id,
    recency_days: daysBetween(e.last, asOf),
    frequency: e.frequency,
    monetary: e.monetary,
  }));
  const n = rows.length;
  const scored = rows.map((row) => {
    if (settings.scoringMode === "cutoffs" && settings.cutoffs) {
      return {
        ...row,
        r_score: scoreRecencyByCutoffs(row.recency_days, settings.cutoffs.recency),
        f_score: scoreAmountByCutoffs(row.frequency, settings.cutoffs.frequency),
        m_score: scoreAmountByCutoffs(row.monetary, settings.cutoffs.monetary),
      };
    }
    const worseR = rows.filter((o) => o.recency_days > row.recency_days).length;
    const worseF = rows.filter((o) => o.frequency < row.frequency).length;
    const worseM = rows.filter((o) => o.monetary < row.monetary).length;
    return {
      ...row,
      r_score: scoreQuintile(worseR + 1, n),
      f_score: scoreQuintile(worseF + 1, n),
      m_score: scoreQuintile(worseM + 1, n),
    };
  });
  const average = {
    r: scored.reduce((s, x) => s + x.r_score, 0) / n,
    f: scored.reduce((s, x) => s + x.f_score, 0) / n,
    m: scored.reduce((s, x) => s + x.m_score, 0) / n,
  };
  return scored
    .map((x) => ({ ...x, rfm_class: classifyRfm({ r: x.r_score, f: x.f_score, m: x.m_score }, average) }))
    .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
}

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

describeEachDatabase("RFM", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let other: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  const runners: JobRunner[] = [];
  const merchantId = () => shop.merchant.id;
  const timeZone = "Asia/Shanghai";

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    const rng = random(7);
    // 40 customers over 18 months up to 2026-11-30, some of them lapsed, a few whales.
    for (let c = 0; c < 40; c++) {
      const orders = c % 7 === 0 ? 1 : rng.int(1, 5);
      for (let o = 0; o < orders; o++) {
        const daysAgo = c % 5 === 0 ? rng.int(300, 540) : rng.int(0, 200);
        const at = new Date(
          Date.parse("2026-11-30T15:30:00Z") - daysAgo * dayMs - rng.int(0, 23) * 3_600_000,
        );
        const created = await createOrder(
          use(),
          merchantId(),
          {
            externalId: `RFM-${c}-${o}`,
            customer: { phone: `1360000${String(c).padStart(4, "0")}` },
            placedAt: at.toISOString(),
            items: [
              {
                sku: "F1",
                name: "橙",
                category: "水果",
                quantity: rng.int(1, 3),
                unitPrice: c % 9 === 0 ? 90_000 : rng.int(500, 8000),
              },
            ],
          },
          context,
        );
        if (rng.next() < 0.15) {
          await refundOrder(use(), merchantId(), created.order.id, { amount: 100 }, context);
        }
      }
    }
    // One order at 23:30 on 29 November in Shanghai (15:30 UTC), a day before the as-of date.
    await createOrder(
      use(),
      merchantId(),
      {
        externalId: "RFM-LATE",
        customer: { phone: "13500000001" },
        placedAt: "2026-11-29T23:30:00+08:00",
        items: [{ sku: "F1", name: "橙", quantity: 1, unitPrice: 1000 }],
      },
      context,
    );
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(() => app.close());

  async function ordersOfShop() {
    return withMerchant(use(), merchantId(), async (tx) =>
      rowsOf<{ customer_id: string; placed_at: string; net: number }>(
        await tx.execute(sql`select customer_id, placed_at::text, (total - refunded_amount)::int as net
          from orders where merchant_id = ${merchantId()} and status <> 'cancelled'`),
      ).map((o) => ({ ...o, placed_at: new Date(o.placed_at) })),
    );
  }

  async function storedRfm() {
    return withMerchant(use(), merchantId(), async (tx) =>
      rowsOf<Expected & { as_of: string; monetary: number }>(
        await tx.execute(sql`select customer_id, recency_days, frequency, monetary, r_score, f_score, m_score,
          rfm_class, as_of::text from customer_rfm where merchant_id = ${merchantId()} order by customer_id`),
      ).map((r) => ({ ...r, monetary: Number(r.monetary) })),
    );
  }

  async function putSettings(rfm: Record<string, unknown>) {
    const res = await owner.call("PUT", "/api/v1/insight/settings", { rfm });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as InsightSettings;
  }

  it("matches an independent computation: 365-day window, quintiles, fixed reference date", async () => {
    const { rfm: settings } = await putSettings({
      windowDays: 365,
      referenceMode: "fixed",
      referenceDate: "2026-11-30",
      scoringMode: "quintile",
    });
    const run = await recomputeInsight(use(), merchantId(), { metrics: false });
    expect(run.rfm).toMatchObject({ asOf: "2026-11-30", windowDays: 365, customers: 41 });
    const stored = await storedRfm();
    const expected = computeRfmInTypeScript(await ordersOfShop(), settings, "2026-11-30", timeZone);
    expect(stored.map(({ as_of, ...rest }) => rest)).toEqual(expected);
    expect(new Set(stored.map((r) => r.as_of))).toEqual(new Set(["2026-11-30"]));
    // Lapsed customers (no order in the window) are kept with frequency 0.
    expect(stored.some((r) => r.frequency === 0 && r.recency_days > 365)).toBe(true);
    expect(new Set(stored.map((r) => r.rfm_class)).size).toBeGreaterThanOrEqual(4);
    const counted = Object.values(run.rfm.classes).reduce((a, b) => a + b, 0);
    expect(counted).toBe(41);
  });

  it("counts recency in the shop's local days: 23:30 on the 29th in Shanghai is one day before the 30th", async () => {
    const stored = await storedRfm();
    const late = await withMerchant(use(), merchantId(), async (tx) =>
      rowsOf<{ id: string }>(
        await tx.execute(sql`select customer_id as id from orders where merchant_id = ${merchantId()}
          and external_id = 'RFM-LATE'`),
      ),
    );
    expect(stored.find((r) => r.customer_id === late[0]!.id)?.recency_days).toBe(1);
  });

  it("matches an independent computation: all time, the merchant's cut-offs", async () => {
    const cutoffs = {
      recency: [14, 30, 90, 180],
      frequency: [2, 3, 4, 5],
      monetary: [5000, 10_000, 20_000, 50_000],
    };
    const { rfm: settings } = await putSettings({
      windowDays: null,
      referenceMode: "fixed",
      referenceDate: "2026-11-30",
      scoringMode: "cutoffs",
      cutoffs,
    });
    expect(settings.cutoffs).toEqual(cutoffs);
    await recomputeInsight(use(), merchantId(), { metrics: false });
    const expected = computeRfmInTypeScript(await ordersOfShop(), settings, "2026-11-30", timeZone);
    expect((await storedRfm()).map(({ as_of, ...rest }) => rest)).toEqual(expected);
  });

  it("leaves out orders after a reference date in the past", async () => {
    const { rfm: settings } = await putSettings({
      windowDays: 90,
      referenceMode: "fixed",
      referenceDate: "2026-06-30",
      scoringMode: "quintile",
    });
    const run = await recomputeInsight(use(), merchantId(), { metrics: false });
    const expected = computeRfmInTypeScript(await ordersOfShop(), settings, "2026-06-30", timeZone);
    expect(run.rfm.customers).toBe(expected.length);
    expect(expected.length).toBeLessThan(41);
    expect((await storedRfm()).map(({ as_of, ...rest }) => rest)).toEqual(expected);
  });

  it("recomputes on demand through a job whose progress GET /api/v1/jobs/{id} shows, as of the day after the last order", async () => {
    const { rfm: settings } = await putSettings({
      windowDays: 365,
      referenceMode: "after_last_order",
      scoringMode: "quintile",
    });
    expect(settings.referenceDate).toBeNull();
    const accepted = await owner.call("POST", "/api/v1/insight/rfm/recompute");
    expect(accepted.statusCode, accepted.body).toBe(202);
    const { jobId } = accepted.json();
    runners.push(startJobRunner(use(), { pollIntervalMs: 25 }));
    let job = { status: "queued" } as {
      status: string;
      progress: unknown;
      result: { rfm: { asOf: string } };
    };
    for (let i = 0; i < 400 && job.status !== "succeeded" && job.status !== "failed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (
        await app.inject({ method: "GET", url: `/api/v1/jobs/${jobId}`, headers: bearer(shop.apiKey) })
      ).json();
    }
    expect(job).toMatchObject({ status: "succeeded", progress: { done: 1, total: 1 } });
    // The last order is 23:30 on 30 November in Shanghai at the latest, so the as-of date is 1 December.
    const lastDay = localDate(
      new Date(Math.max(...(await ordersOfShop()).map((o) => o.placed_at.getTime()))),
      timeZone,
    );
    const asOf = new Date(Date.parse(lastDay) + dayMs).toISOString().slice(0, 10);
    expect(job.result.rfm.asOf).toBe(asOf);
    expect((await storedRfm()).map(({ as_of, ...rest }) => rest)).toEqual(
      computeRfmInTypeScript(await ordersOfShop(), settings, asOf, timeZone),
    );
    const elsewhere = await app.inject({
      method: "GET",
      url: `/api/v1/jobs/${jobId}`,
      headers: bearer(other.apiKey),
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it("shows each shop only its own settings and RFM rows", async () => {
    const mine = await app.inject({
      method: "GET",
      url: "/api/v1/insight/settings",
      headers: bearer(shop.apiKey),
    });
    expect(mine.json().rfm.referenceMode).toBe("after_last_order");
    const theirs = await app.inject({
      method: "GET",
      url: "/api/v1/insight/settings",
      headers: bearer(other.apiKey),
    });
    expect(theirs.json()).toEqual({
      rfm: {
        windowDays: 365,
        referenceMode: "today",
        referenceDate: null,
        scoringMode: "quintile",
        cutoffs: null,
      },
      updatedAt: null,
    });
    const visible = await withMerchant(use(), other.merchant.id, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from customer_rfm`)),
    );
    expect(visible[0]!.n).toBe(0);
  });

  it("refuses bad settings with a 4xx naming the field, and writes nothing", async () => {
    const before = (
      await app.inject({ method: "GET", url: "/api/v1/insight/settings", headers: bearer(shop.apiKey) })
    ).json();
    const cases: [unknown, string][] = [
      [{ rfm: { windowDays: 0, referenceMode: "today", scoringMode: "quintile" } }, "windowDays"],
      [{ rfm: { windowDays: 30, referenceMode: "fixed", scoringMode: "quintile" } }, "referenceDate"],
      [
        {
          rfm: {
            windowDays: 30,
            referenceMode: "fixed",
            referenceDate: "2026-02-30",
            scoringMode: "quintile",
          },
        },
        "referenceDate",
      ],
      [{ rfm: { windowDays: 30, referenceMode: "today", scoringMode: "cutoffs" } }, "cutoffs"],
      [
        {
          rfm: {
            windowDays: 30,
            referenceMode: "today",
            scoringMode: "cutoffs",
            cutoffs: { recency: [30, 14, 90, 180], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] },
          },
        },
        "recency",
      ],
      [{ rfm: { windowDays: 30, referenceMode: "yesterday", scoringMode: "quintile" } }, "referenceMode"],
      [{ rfm: { windowDays: 30, referenceMode: "today", scoringMode: "quintile", colour: "red" } }, "colour"],
    ];
    for (const [body, field] of cases) {
      const res = await owner.call("PUT", "/api/v1/insight/settings", body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
      expect(res.body).toContain(field);
    }
    const byKey = await app.inject({
      method: "PUT",
      url: "/api/v1/insight/settings",
      headers: bearer(shop.apiKey),
      payload: { rfm: { windowDays: 30, referenceMode: "today", scoringMode: "quintile" } },
    });
    expect(byKey.statusCode).toBe(403);
    const recomputeByKey = await app.inject({
      method: "POST",
      url: "/api/v1/insight/rfm/recompute",
      headers: bearer(shop.apiKey),
    });
    expect(recomputeByKey.statusCode).toBe(403);
    const after = (
      await app.inject({ method: "GET", url: "/api/v1/insight/settings", headers: bearer(shop.apiKey) })
    ).json();
    expect(after).toEqual(before);
  });

  it("enqueues each shop's nightly recompute at 03:00 in its own time zone, once", async () => {
    const nightly = findJobDefinition("insight.nightly")!;
    const run = (scheduledFor: string) =>
      nightly.run({
        database: use(),
        payload: { scheduledFor },
        merchantId: null,
        job: {} as never,
        reportProgress: async () => {},
        log: console as never,
        signal: new AbortController().signal,
      });
    // 19:05 UTC is 03:05 in Shanghai, where both test shops are.
    const queued = async () =>
      (
        await use().query<{ n: number }>(
          "select count(*)::int as n from jobs where name = 'insight.recompute' and merchant_id = $1 and dedupe_key like 'insight.nightly:%'",
          [merchantId()],
        )
      )[0]!.n;
    await run("2026-12-01T12:05:00Z");
    expect(await queued()).toBe(0);
    const result = (await run("2026-12-01T19:05:00Z")) as { enqueued: number };
    expect(result.enqueued).toBeGreaterThanOrEqual(2);
    await run("2026-12-01T19:05:00Z");
    expect(await queued()).toBe(1);
  });

  it("names all eight classes in both languages", () => {
    expect(Object.keys(rfmClassLabels).sort()).toEqual([...rfmClasses].sort());
  });
});
