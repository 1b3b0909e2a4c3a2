import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import "../src/jobs/job-definitions.js";
import { customerLevelStanding } from "../src/modules/loyalty/levels/customer-level.js";
import {
  decideLevelIndex,
  levelIndexFor,
  rollingWindowStart,
  weightedGrowth,
} from "../src/modules/loyalty/levels/decide-level.js";
import { levelBenefitsFor } from "../src/modules/loyalty/levels/level-benefits.js";
import { reevaluateLevelFor } from "../src/modules/loyalty/levels/reevaluate-level.js";
import { reevaluateLevels } from "../src/modules/loyalty/levels/reevaluate-levels.js";
import { earnPoints } from "../src/modules/loyalty/points/earn-points.js";
import { createMemberSession } from "../src/modules/members/member-sessions.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

const system = { kind: "system" as const, name: "levels-test" };
const day = 24 * 3600_000;

describe("level rules (pure)", () => {
  it.each([
    [0, 0],
    [99_999, 0],
    [100_000, 1],
    [499_999, 1],
    [500_000, 2],
    [9_999_999, 2],
  ])("places growth %i on level %i of 0 / 100,000 / 500,000", (growth, index) => {
    expect(levelIndexFor([0, 100_000, 500_000], growth)).toBe(index);
  });

  const now = new Date("2026-06-01T00:00:00Z");
  const later = new Date("2026-07-01T00:00:00Z");
  const earlier = new Date("2026-05-01T00:00:00Z");
  it.each([
    ["first placement", null, 1, "upgrade", 1],
    ["up at once", { index: 0, protectedUntil: later }, 2, "upgrade", 2],
    ["never down on an order", { index: 2, protectedUntil: null }, 0, "upgrade", null],
    ["down on the schedule", { index: 2, protectedUntil: earlier }, 1, "schedule", 1],
    ["not down while protected", { index: 2, protectedUntil: later }, 1, "schedule", null],
    ["protection ends at its instant", { index: 2, protectedUntil: now }, 1, "schedule", 1],
    ["settings ignore protection", { index: 2, protectedUntil: later }, 0, "settings", 0],
    ["stays", { index: 1, protectedUntil: null }, 1, "schedule", null],
  ] as const)("%s", (_, current, target, mode, expected) => {
    expect(decideLevelIndex({ current, target, mode, now })).toBe(expected);
  });

  it("weights ¥ of spend and points by percent, rounding down", () => {
    expect(weightedGrowth(123_456, 0, 100, 0)).toBe(1_234);
    expect(weightedGrowth(100_000, 500, 100, 50)).toBe(1_250);
    expect(weightedGrowth(0, 333, 0, 10)).toBe(33);
  });

  it("starts the rolling 12 months at local midnight of the same date a year ago in the shop's zone", () => {
    // 2026-11-30 00:30 in Shanghai is still 2026-11-29 in UTC.
    expect(rollingWindowStart(new Date("2026-11-29T16:30:00Z"), "Asia/Shanghai").toISOString()).toBe(
      "2025-11-29T16:00:00.000Z",
    );
    expect(rollingWindowStart(new Date("2028-02-29T12:00:00+08:00"), "Asia/Shanghai").toISOString()).toBe(
      "2027-02-27T16:00:00.000Z",
    );
  });
});

type LevelInput = {
  id?: string;
  name: string;
  nameEn: string;
  threshold: number;
  pointsMultiplierPercent?: number;
  discountPercent?: number;
  birthdayGiftPoints?: number;
  freeGifts?: string[];
  rewardPoints?: number;
  rewardCoupon?: { templateId: string; quantity: number } | null;
};

const level = (l: LevelInput) => ({
  pointsMultiplierPercent: 100,
  discountPercent: 0,
  birthdayGiftPoints: 0,
  freeGifts: [],
  rewardPoints: 0,
  rewardCoupon: null,
  ...l,
});

const settings = (over: Record<string, unknown> = {}) => ({
  growthBasis: "spend",
  spendWeightPercent: 100,
  pointsWeightPercent: 100,
  growthWindow: "lifetime",
  downgradeSchedule: "quarterly",
  protectionDays: 90,
  ...over,
});

/** ¥0 / ¥1,000 / ¥5,000 of net spend, in 分. */
const spendLadder = () => [
  level({ name: "普通会员", nameEn: "Member", threshold: 0 }),
  level({
    name: "银卡",
    nameEn: "Silver",
    threshold: 100_000,
    pointsMultiplierPercent: 120,
    rewardPoints: 50,
  }),
  level({
    name: "金卡",
    nameEn: "Gold",
    threshold: 500_000,
    pointsMultiplierPercent: 150,
    discountPercent: 5,
    freeGifts: ["生日蛋糕"],
    rewardPoints: 200,
    rewardCoupon: { templateId: "gold-welcome", quantity: 1 },
  }),
];

async function count(database: Database, merchantId: string, query: ReturnType<typeof sql>): Promise<number> {
  const rows = await withMerchant(database, merchantId, async (tx) =>
    rowsOf<{ n: number }>(await tx.execute(query)),
  );
  return Number(rows[0]?.n ?? 0);
}

async function levelOf(database: Database, merchantId: string, customerId: string): Promise<string | null> {
  const rows = await withMerchant(database, merchantId, async (tx) =>
    rowsOf<{ name: string }>(
      await tx.execute(sql`select l.name from customer_levels cl join member_levels l
        on l.merchant_id = cl.merchant_id and l.id = cl.level_id
        where cl.merchant_id = ${merchantId} and cl.customer_id = ${customerId}`),
    ),
  );
  return rows[0]?.name ?? null;
}

describeEachDatabase("member levels (会员等级)", (use) => {
  let app: App;
  let orderNo = 0;

  beforeAll(async () => {
    app = await buildTestApp(use());
  });
  afterAll(() => app.close());

  const send = (key: string, method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as "GET",
      url,
      payload: payload as object | undefined,
      headers: bearer(key),
    });

  async function placeOrder(
    key: string,
    phone: string,
    amount: number,
    placedAt = "2026-11-01T10:00:00+08:00",
  ) {
    orderNo += 1;
    const res = await send(key, "POST", "/api/v1/orders", {
      externalId: `LVL-${orderNo}`,
      customer: { phone },
      placedAt,
      items: [{ sku: "A", name: "茶叶", category: "茶", quantity: 1, unitPrice: amount }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; customerId: string };
  }

  const reevaluate = (merchantId: string, customerId: string, now?: Date, reason = "order") =>
    withMerchant(use(), merchantId, (tx) =>
      reevaluateLevelFor(tx, merchantId, customerId, { reason, actor: system, now }),
    );

  describe("settings, preview and placement on net spend", () => {
    let shop: Awaited<ReturnType<typeof createTestMerchant>>;
    let owner: StaffClient;
    const who: Record<string, string> = {};

    beforeAll(async () => {
      shop = await createTestMerchant(use());
      owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      who.small = (await placeOrder(shop.apiKey, "13960000001", 20_000)).customerId;
      who.silver = (await placeOrder(shop.apiKey, "13960000002", 150_000)).customerId;
      who.gold = (await placeOrder(shop.apiKey, "13960000003", 300_000)).customerId;
      await placeOrder(shop.apiKey, "13960000003", 300_000);
      const created = await send(shop.apiKey, "POST", "/api/v1/customers", { phone: "13960000004" });
      who.none = created.json().id;
    });

    it("starts unconfigured with default settings and no levels", async () => {
      const res = await owner.call("GET", "/api/v1/loyalty/levels");
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ configured: false, levels: [], settings: { growthBasis: "spend" } });
    });

    it.each([
      ["an entry level above 0", [level({ name: "A", nameEn: "A", threshold: 5 })], "levels[0].threshold"],
      [
        "thresholds that do not rise",
        [
          level({ name: "A", nameEn: "A", threshold: 0 }),
          level({ name: "B", nameEn: "B", threshold: 100 }),
          level({ name: "C", nameEn: "C", threshold: 100 }),
        ],
        "levels[2].threshold",
      ],
      [
        "a name twice",
        [level({ name: "A", nameEn: "A", threshold: 0 }), level({ name: "A", nameEn: "B", threshold: 10 })],
        "levels[1].name",
      ],
    ])("refuses %s, naming the field, and writes nothing", async (_, levels, field) => {
      const res = await owner.call("PUT", "/api/v1/loyalty/levels", { settings: settings(), levels });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: "validation_failed", details: { field } });
      expect(await count(use(), shop.merchant.id, sql`select count(*)::int as n from member_levels`)).toBe(0);
    });

    it("needs loyalty:manage to save (an API key may read)", async () => {
      const put = await send(shop.apiKey, "PUT", "/api/v1/loyalty/levels", {
        settings: settings(),
        levels: spendLadder(),
      });
      expect(put.statusCode).toBe(403);
      expect((await send(shop.apiKey, "GET", "/api/v1/loyalty/levels")).statusCode).toBe(200);
    });

    it("previews the members per level without writing, and the saved ladder places exactly those counts", async () => {
      const body = { settings: settings(), levels: spendLadder() };
      const preview = await owner.call("POST", "/api/v1/loyalty/levels/preview", body);
      expect(preview.statusCode, preview.body).toBe(200);
      const previewed = preview.json().data.map((l: { name: string; count: number }) => [l.name, l.count]);
      expect(previewed).toEqual([
        ["普通会员", 2],
        ["银卡", 1],
        ["金卡", 1],
      ]);
      expect(await count(use(), shop.merchant.id, sql`select count(*)::int as n from customer_levels`)).toBe(
        0,
      );

      const saved = await owner.call("PUT", "/api/v1/loyalty/levels", body);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ configured: true, reevaluateJobId: expect.any(Number) });
      await reevaluateLevels(use(), shop.merchant.id, { mode: "settings" });
      const distribution = await owner.call("GET", "/api/v1/loyalty/levels/distribution");
      expect(distribution.json().data.map((l: { name: string; count: number }) => [l.name, l.count])).toEqual(
        previewed,
      );
      const listed = (await owner.call("GET", "/api/v1/loyalty/levels")).json();
      expect(listed.levels.map((l: { memberCount: number }) => l.memberCount)).toEqual([2, 1, 1]);
      expect(await levelOf(use(), shop.merchant.id, who.gold!)).toBe("金卡");
      expect(await levelOf(use(), shop.merchant.id, who.none!)).toBe("普通会员");
      const changes = await count(
        use(),
        shop.merchant.id,
        sql`select count(*)::int as n from level_changes where reason = 'settings'`,
      );
      expect(changes).toBe(4);
      // A settings placement is the shop redrawing its lines, not a member reaching a level: no rewards.
      expect(
        await count(
          use(),
          shop.merchant.id,
          sql`select count(*)::int as n from ledger_entries where reason_code = 'level_reward'`,
        ),
      ).toBe(0);
    });

    it("upgrades at once inside the order, logs it, emits level.changed and gives the level's reward once", async () => {
      await placeOrder(shop.apiKey, "13960000001", 90_000);
      expect(await levelOf(use(), shop.merchant.id, who.small!)).toBe("银卡");
      const history = (await owner.call("GET", `/api/v1/customers/${who.small}/level`)).json().history;
      expect(history[0]).toMatchObject({
        reason: "upgrade",
        trigger: "order",
        fromName: "普通会员",
        growth: 110_000,
      });
      const events = await withMerchant(use(), shop.merchant.id, async (tx) =>
        rowsOf<{ properties: Record<string, unknown> }>(
          await tx.execute(sql`select properties from events where merchant_id = ${shop.merchant.id}
            and customer_id = ${who.small!} and type = 'level.changed' order by occurred_at desc limit 1`),
        ),
      );
      expect(events[0]?.properties).toMatchObject({
        fromLevel: "普通会员",
        toLevel: "银卡",
        reason: "upgrade",
        trigger: "order",
      });
      expect(await reevaluate(shop.merchant.id, who.small!)).toBeNull();
      const rewards = await count(
        use(),
        shop.merchant.id,
        sql`select count(*)::int as n from ledger_entries where customer_id = ${who.small!} and reason_code = 'level_reward'`,
      );
      expect(rewards).toBe(1);
    });

    it("never misses a level two parallel orders reach together", async () => {
      const first = await placeOrder(shop.apiKey, "13960000009", 100);
      expect(await levelOf(use(), shop.merchant.id, first.customerId)).toBe("普通会员");
      await Promise.all([
        placeOrder(shop.apiKey, "13960000009", 60_000),
        placeOrder(shop.apiKey, "13960000009", 60_000),
      ]);
      expect(await levelOf(use(), shop.merchant.id, first.customerId)).toBe("银卡");
      const changes = await count(
        use(),
        shop.merchant.id,
        sql`select count(*)::int as n from level_changes where customer_id = ${first.customerId}`,
      );
      expect(changes).toBe(2);
    });

    it("gives the benefits of the customer's level to the order path", async () => {
      const benefits = await withMerchant(use(), shop.merchant.id, (tx) =>
        levelBenefitsFor(tx, shop.merchant.id, who.gold!),
      );
      expect(benefits).toMatchObject({
        name: "金卡",
        nameEn: "Gold",
        pointsMultiplierPercent: 150,
        discountPercent: 5,
      });
      const fresh = await send(shop.apiKey, "POST", "/api/v1/customers", { phone: "13960000005" });
      const entry = await withMerchant(use(), shop.merchant.id, (tx) =>
        levelBenefitsFor(tx, shop.merchant.id, fresh.json().id),
      );
      expect(entry).toMatchObject({ name: "普通会员", pointsMultiplierPercent: 100 });
      // Growth here counts spend alone, so a caller that only gave points costs nothing and changes nothing.
      const afterPoints = await withMerchant(use(), shop.merchant.id, (tx) =>
        reevaluateLevelFor(tx, shop.merchant.id, fresh.json().id, {
          reason: "points",
          actor: system,
          afterPointsOnly: true,
        }),
      );
      expect(afterPoints).toBeNull();
      expect(await levelOf(use(), shop.merchant.id, fresh.json().id)).toBeNull();
    });

    it("shows a customer's level, growth, what is missing to the next and the history", async () => {
      const res = await owner.call("GET", `/api/v1/customers/${who.small}/level`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        growth: 110_000,
        current: { name: "银卡" },
        next: { name: "金卡", discountPercent: 5 },
        missing: 390_000,
      });
      expect(body.history.map((h: { reason: string; toName: string }) => [h.reason, h.toName])).toEqual([
        ["upgrade", "银卡"],
        ["settings", "普通会员"],
      ]);
      const missing = await owner.call("GET", "/api/v1/customers/00000000-0000-4000-8000-000000000000/level");
      expect(missing.statusCode).toBe(404);
    });

    it("lets staff with loyalty:manage put a customer on a level by hand, logged and audited", async () => {
      const levels = (await owner.call("GET", "/api/v1/loyalty/levels")).json().levels as { id: string }[];
      const bad = await owner.call("POST", `/api/v1/customers/${who.none}/level`, {
        levelId: "00000000-0000-4000-8000-000000000000",
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: "validation_failed", details: { field: "levelId" } });
      const byKey = await send(shop.apiKey, "POST", `/api/v1/customers/${who.none}/level`, {
        levelId: levels[2]!.id,
      });
      expect(byKey.statusCode).toBe(403);
      expect(await levelOf(use(), shop.merchant.id, who.none!)).toBe("普通会员");

      const res = await owner.call("POST", `/api/v1/customers/${who.none}/level`, {
        levelId: levels[2]!.id,
        note: "VIP 客户补录",
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ current: { name: "金卡" } });
      expect(res.json().history[0]).toMatchObject({
        reason: "manual",
        trigger: "VIP 客户补录",
        actor: { type: "staff" },
      });
      expect(res.json().current.protectedUntil).not.toBeNull();
      const audited = await count(
        use(),
        shop.merchant.id,
        sql`select count(*)::int as n from audit_log where action = 'customer.level_set' and target_id = ${who.none!}`,
      );
      expect(audited).toBe(1);
      // Back where growth puts them, so the tests after this one see the same shop.
      await owner.call("POST", `/api/v1/customers/${who.none}/level`, { levelId: levels[0]!.id });
      expect(await levelOf(use(), shop.merchant.id, who.none!)).toBe("普通会员");
    });

    it("answers a member with their level card", async () => {
      const token = await createMemberSession(use(), shop.merchant.id, who.silver!);
      const res = await app.inject({
        method: "GET",
        url: `/api/m/${shop.merchant.slug}/level`,
        cookies: { quanzi_member: token },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        configured: true,
        growth: 150_000,
        current: { name: "银卡", pointsMultiplierPercent: 120 },
        next: { name: "金卡", freeGifts: ["生日蛋糕"] },
        missing: 350_000,
      });
      const anonymous = await app.inject({ method: "GET", url: `/api/m/${shop.merchant.slug}/level` });
      expect(anonymous.statusCode).toBe(401);
    });

    it("re-places the members of a removed level at once, so everyone keeps a level", async () => {
      const current = (await owner.call("GET", "/api/v1/loyalty/levels")).json().levels as { id: string }[];
      const [member, , gold] = spendLadder();
      const res = await owner.call("PUT", "/api/v1/loyalty/levels", {
        settings: settings(),
        levels: [
          { ...member, id: current[0]!.id },
          { ...gold, id: current[2]!.id },
        ],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await levelOf(use(), shop.merchant.id, who.small!)).toBe("普通会员");
      expect(await levelOf(use(), shop.merchant.id, who.silver!)).toBe("普通会员");
      expect(await levelOf(use(), shop.merchant.id, who.gold!)).toBe("金卡");
      const placed = await count(
        use(),
        shop.merchant.id,
        sql`select count(*)::int as n from customer_levels`,
      );
      const levels = await count(use(), shop.merchant.id, sql`select count(*)::int as n from member_levels`);
      // The customer created without an order after the last placement (13960000005) waits for one.
      expect([placed, levels]).toEqual([5, 2]);
    });
  });

  describe("scheduled downgrades with protection", () => {
    it("never downgrades on a refund, waits for the schedule and the protection period, then logs the downgrade", async () => {
      const shop = await createTestMerchant(use());
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      const put = await owner.call("PUT", "/api/v1/loyalty/levels", {
        settings: settings({ protectionDays: 90 }),
        levels: spendLadder(),
      });
      expect(put.statusCode, put.body).toBe(200);
      const order = await placeOrder(shop.apiKey, "13961000001", 600_000);
      const standing = (await owner.call("GET", `/api/v1/customers/${order.customerId}/level`)).json();
      expect(standing.current).toMatchObject({ name: "金卡" });
      const protectedUntil = new Date(standing.current.protectedUntil).getTime();
      const upgradedAt = new Date(standing.current.since).getTime();
      expect(protectedUntil - upgradedAt).toBe(90 * day);

      const refund = await send(shop.apiKey, "POST", `/api/v1/orders/${order.id}/refunds`, {
        amount: 550_000,
      });
      expect(refund.statusCode, refund.body).toBe(201);
      expect(
        await reevaluate(shop.merchant.id, order.customerId, new Date(upgradedAt + day), "refund"),
      ).toBeNull();
      expect(await levelOf(use(), shop.merchant.id, order.customerId)).toBe("金卡");

      await reevaluateLevels(use(), shop.merchant.id, {
        mode: "schedule",
        now: new Date(protectedUntil - day),
      });
      expect(await levelOf(use(), shop.merchant.id, order.customerId)).toBe("金卡");

      await reevaluateLevels(use(), shop.merchant.id, {
        mode: "schedule",
        now: new Date(protectedUntil + 60_000),
      });
      expect(await levelOf(use(), shop.merchant.id, order.customerId)).toBe("普通会员");
      const history = (await owner.call("GET", `/api/v1/customers/${order.customerId}/level`)).json().history;
      expect(history[0]).toMatchObject({
        reason: "downgrade",
        trigger: "schedule",
        fromName: "金卡",
        toName: "普通会员",
        growth: 50_000,
      });

      // Reaching gold again gives no second reward.
      await placeOrder(shop.apiKey, "13961000001", 600_000);
      expect(await levelOf(use(), shop.merchant.id, order.customerId)).toBe("金卡");
      const rewards = await count(
        use(),
        shop.merchant.id,
        sql`select count(*)::int as n from ledger_entries where reason_code = 'level_reward'`,
      );
      expect(rewards).toBe(2); // silver's and gold's, once each
      const coupons = await count(
        use(),
        shop.merchant.id,
        sql`select count(*)::int as n from events where type = 'coupon.due' and properties ->> 'reason' = 'level_reward'`,
      );
      expect(coupons).toBe(1);
    });

    it("queues the downgrade check at 03:xx local on the first day of the quarter only", async () => {
      const shop = await createTestMerchant(use());
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      await owner.call("PUT", "/api/v1/loyalty/levels", { settings: settings(), levels: spendLadder() });
      const dispatch = (at: string) =>
        findJobDefinition("levels.schedule")!.run({
          database: use(),
          payload: { scheduledFor: at },
        } as never) as Promise<{ enqueued: number }>;
      const queued = async () =>
        rowsOf<{ n: number }>(
          await withSystem(use(), (tx) =>
            tx.execute(
              sql`select count(*)::int as n from jobs where name = 'levels.downgrade' and merchant_id = ${shop.merchant.id}`,
            ),
          ),
        )[0]!.n;
      await dispatch("2027-01-01T03:40:00+08:00");
      expect(await queued()).toBe(1);
      await dispatch("2027-01-01T03:50:00+08:00");
      expect(await queued()).toBe(1);
      await dispatch("2027-02-01T03:40:00+08:00");
      await dispatch("2027-04-01T02:40:00+08:00");
      expect(await queued()).toBe(1);
      await dispatch("2027-04-01T03:40:00+08:00");
      expect(await queued()).toBe(2);
    });
  });

  describe("birthday gifts", () => {
    it("gives the level's birthday points on the shop's local date, once a year, 29 February on the 28th", async () => {
      const shop = await createTestMerchant(use());
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      const ladder = spendLadder().map((l, i) => ({ ...l, birthdayGiftPoints: [10, 0, 300][i]! }));
      expect(
        (await owner.call("PUT", "/api/v1/loyalty/levels", { settings: settings(), levels: ladder }))
          .statusCode,
      ).toBe(200);
      const person = async (phone: string, birthday: string, spend: number) => {
        const created = await send(shop.apiKey, "POST", "/api/v1/customers", { phone, birthday });
        expect(created.statusCode, created.body).toBe(201);
        if (spend > 0) await placeOrder(shop.apiKey, phone, spend);
        return created.json().id as string;
      };
      const entry = await person("13965000001", "1990-03-01", 0);
      const silver = await person("13965000002", "1991-03-01", 150_000);
      const gold = await person("13965000003", "1992-03-01", 600_000);
      const leapling = await person("13965000004", "1996-02-29", 600_000);
      const otherDay = await person("13965000005", "1990-03-02", 600_000);
      const points = (customerId: string) =>
        count(
          use(),
          shop.merchant.id,
          sql`select coalesce(sum(amount), 0)::int as n from ledger_entries where customer_id = ${customerId}
            and reason_code = 'birthday_gift'`,
        );
      const { grantBirthdayGifts } = await import("../src/modules/loyalty/levels/birthday-gifts.js");
      // 2027-02-28 23:30 in Shanghai is still the 28th there (15:30 UTC): the leapling's day in a common year.
      expect(await grantBirthdayGifts(use(), shop.merchant.id, new Date("2027-02-28T15:30:00Z"))).toEqual({
        due: 1,
        granted: 1,
      });
      // 2027-03-01 00:10 in Shanghai, still 28 February in UTC.
      expect(await grantBirthdayGifts(use(), shop.merchant.id, new Date("2027-02-28T16:10:00Z"))).toEqual({
        due: 2,
        granted: 2,
      });
      expect(
        await grantBirthdayGifts(use(), shop.merchant.id, new Date("2027-03-01T08:00:00+08:00")),
      ).toEqual({ due: 2, granted: 0 });
      expect([
        await points(entry),
        await points(silver),
        await points(gold),
        await points(leapling),
        await points(otherDay),
      ]).toEqual([10, 0, 300, 300, 0]);
    });
  });

  describe("growth bases and the rolling window", () => {
    it("counts orders from local midnight of the same date a year ago in Asia/Shanghai", async () => {
      const shop = await createTestMerchant(use());
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      await owner.call("PUT", "/api/v1/loyalty/levels", {
        settings: settings({ growthWindow: "rolling_12_months" }),
        levels: spendLadder(),
      });
      const before = await placeOrder(shop.apiKey, "13962000001", 100_000, "2025-11-29T23:59:59+08:00");
      await placeOrder(shop.apiKey, "13962000001", 30_000, "2025-11-30T00:00:00+08:00");
      const growthAt = async (at: string) =>
        (
          await withMerchant(use(), shop.merchant.id, (tx) =>
            customerLevelStanding(tx, shop.merchant.id, before.customerId, new Date(at)),
          )
        ).growth;
      expect(await growthAt("2026-11-29T23:59:59+08:00")).toBe(130_000);
      expect(await growthAt("2026-11-30T00:00:00+08:00")).toBe(30_000);
      expect(await growthAt("2026-11-30T23:59:59+08:00")).toBe(30_000);
      expect(await growthAt("2026-12-01T00:00:00+08:00")).toBe(0);
      expect(
        await reevaluate(shop.merchant.id, before.customerId, new Date("2026-11-29T20:00:00+08:00")),
      ).toMatchObject({
        toIndex: 1,
      });
      expect(
        await reevaluate(shop.merchant.id, before.customerId, new Date("2026-11-30T08:00:00+08:00")),
      ).toBeNull();
    });

    it("grows on points earned (lifetime and rolling) and on the weighted mix", async () => {
      const shop = await createTestMerchant(use());
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      const pointsLadder = [
        level({ name: "普通", nameEn: "Basic", threshold: 0 }),
        level({ name: "达人", nameEn: "Pro", threshold: 1_000 }),
      ];
      await owner.call("PUT", "/api/v1/loyalty/levels", {
        settings: settings({ growthBasis: "points_earned" }),
        levels: pointsLadder,
      });
      const { customerId } = await placeOrder(shop.apiKey, "13963000001", 10_000);
      const earn = (points: number, key: string, now: Date) =>
        withMerchant(use(), shop.merchant.id, (tx) =>
          earnPoints(tx, shop.merchant.id, {
            customerId,
            points,
            idempotencyKey: key,
            reason: { code: "api_earn" },
            source: "test",
            actor: system,
            now,
            upgradeLevel: false,
          }),
        );
      expect(await levelOf(use(), shop.merchant.id, customerId)).toBe("普通");
      await earn(600, "old", new Date("2025-06-01T00:00:00+08:00"));
      expect(
        await reevaluate(shop.merchant.id, customerId, new Date("2026-11-01T00:00:00+08:00")),
      ).toBeNull();
      await earn(500, "new", new Date("2026-10-01T00:00:00+08:00"));
      // The check-in and gift paths call it after giving points; on a points basis it runs.
      const afterPoints = await withMerchant(use(), shop.merchant.id, (tx) =>
        reevaluateLevelFor(tx, shop.merchant.id, customerId, {
          reason: "points",
          actor: system,
          now: new Date("2026-11-01T00:00:00+08:00"),
          afterPointsOnly: true,
        }),
      );
      expect(afterPoints).toMatchObject({ toIndex: 1, growth: 1_100 });

      const preview = async (over: Record<string, unknown>) =>
        (
          await owner.call("POST", "/api/v1/loyalty/levels/preview", {
            settings: settings(over),
            levels: pointsLadder,
          })
        ).json().data[1].count as number;
      expect(await preview({ growthBasis: "points_earned", growthWindow: "rolling_12_months" })).toBe(0);
      expect(await preview({ growthBasis: "spend" })).toBe(1); // 10,000 分 ≥ 1,000
      // ¥100 × 100% + 1,100 points × 0% = 100 < 1,000; × 1,000% = 1,000.
      expect(
        await preview({ growthBasis: "weighted", spendWeightPercent: 100, pointsWeightPercent: 0 }),
      ).toBe(0);
      expect(
        await preview({ growthBasis: "weighted", spendWeightPercent: 1_000, pointsWeightPercent: 0 }),
      ).toBe(1);
      expect(await preview({ growthBasis: "weighted", spendWeightPercent: 0, pointsWeightPercent: 91 })).toBe(
        1,
      );
      expect(await preview({ growthBasis: "weighted", spendWeightPercent: 0, pointsWeightPercent: 90 })).toBe(
        0,
      );
    });
  });

  describe("parallel upgrades", () => {
    it("changes the level and gives the reward once under 20 parallel evaluations", async () => {
      const shop = await createTestMerchant(use());
      const owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
      const saved = await owner.call("PUT", "/api/v1/loyalty/levels", {
        settings: settings({ growthBasis: "points_earned" }),
        levels: [
          level({ name: "普通", nameEn: "Basic", threshold: 0 }),
          level({ name: "银", nameEn: "Silver", threshold: 1_000, rewardPoints: 50 }),
          level({ name: "金", nameEn: "Gold", threshold: 1_500, rewardPoints: 200 }),
        ],
      });
      expect(saved.statusCode, saved.body).toBe(200);
      // Points given straight through the ledger: no hook evaluates the level before the test does.
      const created = await send(shop.apiKey, "POST", "/api/v1/customers", { phone: "13964000001" });
      const customerId = created.json().id as string;
      await withMerchant(use(), shop.merchant.id, (tx) =>
        earnPoints(tx, shop.merchant.id, {
          customerId,
          points: 2_000,
          idempotencyKey: "grant",
          reason: { code: "api_earn" },
          source: "test",
          actor: system,
          upgradeLevel: false,
        }),
      );
      const results = await Promise.all(
        Array.from({ length: 20 }, () => reevaluate(shop.merchant.id, customerId)),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const q = (query: ReturnType<typeof sql>) => count(use(), shop.merchant.id, query);
      expect(
        await q(sql`select count(*)::int as n from level_changes where customer_id = ${customerId}`),
      ).toBe(1);
      expect(
        await q(
          sql`select count(*)::int as n from events where customer_id = ${customerId} and type = 'level.changed'`,
        ),
      ).toBe(1);
      expect(
        await q(sql`select coalesce(sum(amount), 0)::int as n from ledger_entries where customer_id = ${customerId}
          and reason_code = 'level_reward'`),
      ).toBe(250);
      expect(await levelOf(use(), shop.merchant.id, customerId)).toBe("金");
    });
  });
});
