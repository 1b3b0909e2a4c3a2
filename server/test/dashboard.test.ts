import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { recomputeInsight } from "../src/modules/insight/recompute-insight.js";
import { rfmClasses } from "../src/modules/insight/tables.js";
import { reevaluateLayers } from "../src/modules/layers/evaluate-layers.js";
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
  ) => orderFor(shop.apiKey, externalId, phone, placedAt, lines);

  const orderFor = (
    apiKey: string,
    externalId: string,
    phone: string | null,
    placedAt: string,
    lines: [string, number, number][],
  ) =>
    app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: bearer(apiKey),
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

  const activity = (liveCustomers: number, activeCustomers: number, repeatCustomers: number) => ({
    liveCustomers,
    activeCustomers,
    repeatCustomers,
    activeRate: activeCustomers / liveCustomers,
    repurchaseRate: repeatCustomers / activeCustomers,
  });

  it("adds up whole local days in the shop's time zone", async () => {
    const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    const res = await owner.call("GET", "/api/v1/dashboard?from=2026-11-01&to=2026-11-03");
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ orders: 4, gmv: 2000 + 1500 + 900 + 100, buyers: 2, averageOrderValue: 1125 });
    expect(d.repurchaseRate).toBe(0.5);
    expect(d.daily).toEqual([
      { date: "2026-11-01", orders: 1, gmv: 2000, newCustomers: 1, ...activity(1, 1, 0) },
      { date: "2026-11-02", orders: 0, gmv: 0, newCustomers: 0, ...activity(1, 1, 0) },
      { date: "2026-11-03", orders: 3, gmv: 2500, newCustomers: 1, ...activity(2, 2, 1) },
    ]);
    expect(d.topCategories[0]).toEqual({ category: "水果", orders: 3, gmv: 3100 });
    expect(d.customers).toBe(2);
    const bad = await owner.call("GET", "/api/v1/dashboard?from=2026-11-05&to=2026-11-01");
    expect(bad.statusCode).toBe(400);
  });

  describe("rolling 30-day activity", () => {
    let active: Awaited<ReturnType<typeof createTestMerchant>>;
    const one = (id: string, phone: string, placedAt: string) =>
      orderFor(active.apiKey, id, phone, placedAt, [["水果", 1, 1000]]);

    beforeAll(async () => {
      active = await createTestMerchant(use(), "Activity Shop");
      // Asia/Shanghai. A: 00:30 on 2 Sep locally (1 Sep in UTC) keeps A active through 1 Oct.
      await one("A1", "13900000001", "2026-09-02T00:30:00+08:00");
      // B: 20 Sep and 5 Oct — active all period, a repeat buyer from 5 Oct.
      await one("B1", "13900000002", "2026-09-20T10:00:00+08:00");
      await one("B2", "13900000002", "2026-10-05T10:00:00+08:00");
      // C: two orders on 3 Oct.
      await one("C1", "13900000003", "2026-10-03T12:00:00+08:00");
      await one("C2", "13900000003", "2026-10-03T18:00:00+08:00");
      // D: 23:59 on 8 Oct and 00:10 on 9 Oct locally (both 8 Oct in UTC): a repeat buyer from 9 Oct.
      await one("D1", "13900000004", "2026-10-08T23:59:00+08:00");
      await one("D2", "13900000004", "2026-10-09T00:10:00+08:00");
      // F: 15 Aug and 5 Sep — active until 4 Oct, its pair of orders lies before the period.
      await one("F1", "13900000006", "2026-08-15T10:00:00+08:00");
      await one("F2", "13900000006", "2026-09-05T10:00:00+08:00");
      // G: on the books, never active in the period.
      await one("G1", "13900000007", "2026-06-01T10:00:00+08:00");
      // Orders without a customer never count.
      await app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: bearer(active.apiKey),
        payload: {
          externalId: "ANON",
          placedAt: "2026-10-04T10:00:00+08:00",
          items: [{ sku: "x", name: "x", quantity: 1, unitPrice: 100 }],
        },
      });
    });

    it("counts active and repeat customers per local day over the 30 days ending on it", async () => {
      const owner = await loginStaff(app, active.ownerEmail, active.ownerPassword);
      const res = await owner.call("GET", "/api/v1/dashboard?from=2026-10-01&to=2026-10-10");
      expect(res.statusCode).toBe(200);
      const d = res.json();
      const pick = (key: string) => d.daily.map((day: Record<string, number>) => day[key]);
      expect(pick("liveCustomers")).toEqual([4, 4, 5, 5, 5, 5, 5, 6, 6, 6]);
      expect(pick("activeCustomers")).toEqual([3, 2, 3, 3, 2, 2, 2, 3, 3, 3]);
      expect(pick("repeatCustomers")).toEqual([0, 0, 1, 1, 2, 2, 2, 2, 3, 3]);
      expect(d.daily[0].activeRate).toBe(3 / 4);
      expect(d.daily[2].repurchaseRate).toBe(1 / 3);
      expect(d.activity).toEqual({
        windowDays: 30,
        liveCustomers: 6,
        activeCustomers: 3,
        repeatCustomers: 3,
        activeRate: 0.5,
        repurchaseRate: 1,
      });
      // A one-day period agrees with the same day inside a longer one.
      const single = (await owner.call("GET", "/api/v1/dashboard?from=2026-10-08&to=2026-10-08")).json();
      expect(single.daily[0]).toMatchObject({ activeCustomers: 3, repeatCustomers: 2, liveCustomers: 6 });
    });

    it("agrees with a day-by-day count of random orders in plain TypeScript", async () => {
      const shop3 = await createTestMerchant(use(), "Random Shop");
      const owner = await loginStaff(app, shop3.ownerEmail, shop3.ownerPassword);
      let seed = 7;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      const placed: { phone: string; day: string }[] = [];
      const start = Date.parse("2026-07-01T00:00:00+08:00");
      for (let i = 0; i < 140; i++) {
        const phone = `1370000${String(Math.floor(random() * 25)).padStart(4, "0")}`;
        // Any minute of 100 days, so many orders fall near local midnight's UTC shadow (16:00 UTC).
        const at = new Date(start + Math.floor(random() * 100 * 24 * 60) * 60_000);
        const res = await orderFor(shop3.apiKey, `R${i}`, phone, at.toISOString(), [["水果", 1, 500]]);
        expect(res.statusCode).toBe(201);
        placed.push({ phone, day: new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) });
      }
      const res = await owner.call("GET", "/api/v1/dashboard?from=2026-08-10&to=2026-10-15");
      const d = res.json();
      for (const day of d.daily as { date: string; activeCustomers: number; repeatCustomers: number }[]) {
        const first = new Date(Date.parse(`${day.date}T00:00:00Z`) - 29 * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const perPhone = new Map<string, number>();
        for (const p of placed) {
          if (p.day >= first && p.day <= day.date) perPhone.set(p.phone, (perPhone.get(p.phone) ?? 0) + 1);
        }
        const counts = [...perPhone.values()];
        expect([day.date, day.activeCustomers, day.repeatCustomers]).toEqual([
          day.date,
          counts.length,
          counts.filter((n) => n >= 2).length,
        ]);
      }
    });

    it("breaks customers down by the RFM classes of the last computation", async () => {
      const owner = await loginStaff(app, active.ownerEmail, active.ownerPassword);
      const before = (await owner.call("GET", "/api/v1/dashboard?from=2026-10-01&to=2026-10-10")).json();
      expect(before.rfm.asOf).toBeNull();
      expect(before.rfm.classes).toEqual(rfmClasses.map((c) => ({ class: c, customers: 0 })));
      await recomputeInsight(use(), active.merchant.id, {
        metrics: false,
        now: new Date("2026-10-10T12:00:00+08:00"),
      });
      const after = (await owner.call("GET", "/api/v1/dashboard?from=2026-10-01&to=2026-10-10")).json();
      expect(after.rfm.asOf).toBe("2026-10-10");
      const list = (await owner.call("GET", "/api/v1/customers?limit=100")).json();
      const expected = new Map<string, number>();
      for (const c of list.data) if (c.rfm) expected.set(c.rfm.class, (expected.get(c.rfm.class) ?? 0) + 1);
      expect(after.rfm.classes).toEqual(
        rfmClasses.map((c) => ({ class: c, customers: expected.get(c) ?? 0 })),
      );
      expect(after.rfm.classes.reduce((n: number, c: { customers: number }) => n + c.customers, 0)).toBe(6);
    });

    it("counts customers per layer at the end of each local day from the moves log", async () => {
      const owner = await loginStaff(app, active.ownerEmail, active.ownerPassword);
      const listed = (await owner.call("GET", "/api/v1/layers")).json().data as {
        id: string;
        name: string;
      }[];
      const [core, busy, fresh, regular] = listed.map((l) => l.id) as [string, string, string, string];
      const id = async (phone: string) =>
        (
          (await withMerchant(use(), active.merchant.id, (tx) =>
            tx.execute(sql`select id from customers where phone = ${phone}`),
          )) as unknown as { rows: { id: string }[] }
        ).rows[0]?.id;
      const [a, b, c] = [await id("13900000001"), await id("13900000002"), await id("13900000003")];
      const name = new Map(listed.map((l) => [l.id, l.name]));
      const moves: [string | undefined, string | null, string, string][] = [
        [a, null, regular, "2026-10-02T10:00:00+08:00"],
        [a, regular, busy, "2026-10-05T23:30:00+08:00"],
        // 00:30 on 7 Oct locally is 6 Oct in UTC: A is in 核心 from 7 Oct.
        [a, busy, core, "2026-10-07T00:30:00+08:00"],
        [b, null, fresh, "2026-09-20T10:00:00+08:00"],
        [b, fresh, regular, "2026-10-08T12:00:00+08:00"],
        // After the period: C counts nowhere in it.
        [c, null, fresh, "2026-10-12T09:00:00+08:00"],
      ];
      await withMerchant(use(), active.merchant.id, async (tx) => {
        // Replace whatever the order path placed with a known story.
        await tx.execute(sql`delete from layer_moves where merchant_id = ${active.merchant.id}`);
        await tx.execute(sql`delete from customer_layers where merchant_id = ${active.merchant.id}`);
        for (const [customer, from, to, at] of moves) {
          await tx.execute(sql`insert into layer_moves (merchant_id, customer_id, from_layer_id, from_name, to_layer_id,
            to_name, reason, moved_at) values (${active.merchant.id}, ${customer}, ${from}, ${from ? name.get(from) : null},
            ${to}, ${name.get(to)}, 'rule', ${at})`);
        }
        for (const [customer, layer, at] of [
          [a, core, "2026-10-07T00:30:00+08:00"],
          [b, regular, "2026-10-08T12:00:00+08:00"],
          [c, fresh, "2026-10-12T09:00:00+08:00"],
        ] as const) {
          await tx.execute(sql`insert into customer_layers (merchant_id, customer_id, layer_id, entered_at)
            values (${active.merchant.id}, ${customer}, ${layer}, ${at})`);
        }
      });
      const d = (await owner.call("GET", "/api/v1/dashboard?from=2026-10-01&to=2026-10-10")).json();
      const byId = new Map(d.layers.map((l: { id: string }) => [l.id, l]));
      expect(d.layers.map((l: { id: string }) => l.id)).toEqual([core, busy, fresh, regular]);
      expect(byId.get(core)).toMatchObject({ customers: 1, daily: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1] });
      expect(byId.get(busy)).toMatchObject({ customers: 0, daily: [0, 0, 0, 0, 1, 1, 0, 0, 0, 0] });
      expect(byId.get(fresh)).toMatchObject({ customers: 0, daily: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0] });
      expect(byId.get(regular)).toMatchObject({ customers: 1, daily: [0, 1, 1, 1, 0, 0, 0, 1, 1, 1] });
    });

    it("ends a period that ends today on the layers' current counts after a real re-evaluation", async () => {
      const shop4 = await createTestMerchant(use(), "Layer Shop");
      for (const [i, phone] of ["13600000001", "13600000001", "13600000002", "13600000003"].entries()) {
        await orderFor(shop4.apiKey, `L${i}`, phone, new Date(Date.now() - i * 3_600_000).toISOString(), [
          ["水果", 1, 2000],
        ]);
      }
      await reevaluateLayers(use(), shop4.merchant.id);
      const owner = await loginStaff(app, shop4.ownerEmail, shop4.ownerPassword);
      const layers = (await owner.call("GET", "/api/v1/layers")).json().data as {
        id: string;
        customerCount: number;
      }[];
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const d = (await owner.call("GET", `/api/v1/dashboard?from=${today}&to=${today}`)).json();
      expect(d.layers.map((l: { id: string; customers: number }) => [l.id, l.customers])).toEqual(
        layers.map((l) => [l.id, l.customerCount]),
      );
      expect(layers.reduce((n, l) => n + l.customerCount, 0)).toBe(3);
    });
  });
});
