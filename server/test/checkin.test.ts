import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { findOrCreateCustomer } from "../src/modules/customers/create-customer.js";
import {
  recomputeStreaks,
  rewardForStreak,
  scheduleDayOf,
} from "../src/modules/loyalty/checkin/streak-rewards.js";
import { walletBalance } from "../src/modules/loyalty/ledger/wallet-balance.js";
import { earnPoints } from "../src/modules/loyalty/points/earn-points.js";
import { createMemberSession } from "../src/modules/members/member-sessions.js";
import { bearer, createTestMerchant, testConfig } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

/** 23:59:59 on 30 Nov 2026 in Shanghai is 15:59:59 UTC; midnight of 1 Dec is 16:00 UTC. */
const shanghai = (localDateTime: string) => new Date(`${localDateTime}+08:00`);

const schedule = {
  enabled: true,
  cycleDays: 3,
  rewards: [
    { day: 1, points: 5 },
    { day: 2, points: 10 },
    { day: 3, points: 30, coupon: { templateId: "day3-coupon", quantity: 1 } },
  ],
  afterCycle: "restart",
  makeup: { enabled: true, costPoints: 20, windowDays: 3, monthlyLimit: 1 },
};

describe("streak rewards (pure)", () => {
  const rewards = [
    { day: 1, points: 5, coupon: null },
    { day: 3, points: 30, coupon: null },
  ];
  it.each([
    [1, "restart", 1],
    [3, "restart", 3],
    [4, "restart", 1],
    [7, "restart", 1],
    [8, "restart", 2],
    [4, "keep_last", 3],
    [100, "keep_last", 3],
  ] as const)("streak %i with %s earns schedule day %i", (streak, afterCycle, day) => {
    expect(scheduleDayOf(streak, { cycleDays: 3, afterCycle })).toBe(day);
  });

  it("pays nothing on a day the schedule leaves out", () => {
    expect(rewardForStreak(2, { cycleDays: 3, afterCycle: "restart", rewards }).points).toBe(0);
    expect(rewardForStreak(6, { cycleDays: 3, afterCycle: "restart", rewards }).points).toBe(30);
  });

  it("continues a streak only over consecutive calendar days, across month ends", () => {
    expect(
      recomputeStreaks(["2026-12-01", "2026-12-02", "2026-12-04"], { date: "2026-11-30", streak: 4 }),
    ).toEqual([
      { date: "2026-12-01", streak: 5 },
      { date: "2026-12-02", streak: 6 },
      { date: "2026-12-04", streak: 1 },
    ]);
  });
});

describeEachDatabase("daily check-in", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let clock = new Date();
  let phoneCounter = 0;

  async function newMember() {
    phoneCounter += 1;
    const phone = `1390000${String(phoneCounter).padStart(4, "0")}`;
    const { id } = await withMerchant(use(), shop.merchant.id, (tx) =>
      findOrCreateCustomer(tx, shop.merchant.id, { phone }, { source: "api" }),
    );
    const token = await createMemberSession(use(), shop.merchant.id, id);
    const headers = { cookie: `quanzi_member=${token}`, "x-requested-with": "quanzi" };
    const url = `/api/m/${shop.merchant.slug}/checkin`;
    return {
      id,
      checkIn: () => app.inject({ method: "POST", url, headers }),
      makeUp: (date: string) =>
        app.inject({ method: "POST", url: `${url}/makeup`, headers, payload: { date } }),
      calendar: (month?: string) =>
        app.inject({ method: "GET", url: month ? `${url}?month=${month}` : url, headers }),
    };
  }

  const available = (customerId: string) =>
    withMerchant(use(), shop.merchant.id, (tx) =>
      walletBalance(tx, shop.merchant.id, customerId, "points", clock),
    ).then((b) => b.available);

  async function countRows(customerId: string) {
    return withSystem(use(), async (tx) => {
      const [row] = rowsOf<{ checkins: number; entries: number; events: number }>(
        await tx.execute(sql`select
          (select count(*)::int from checkins where customer_id = ${customerId}) as checkins,
          (select count(*)::int from ledger_entries where customer_id = ${customerId}) as entries,
          (select count(*)::int from events where customer_id = ${customerId} and type like 'checkin.%') as events`),
      );
      return row!;
    });
  }

  let owner: StaffClient;
  const putSettings = (body: unknown) => owner.call("PUT", "/api/v1/loyalty/checkin/settings", body);

  beforeAll(async () => {
    app = await buildApp({ database: use(), config: testConfig, now: () => clock });
    await app.ready();
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(() => app.close());

  it("refuses a check-in while the shop has not switched it on, and writes nothing", async () => {
    const settings = await app.inject({
      method: "GET",
      url: "/api/v1/loyalty/checkin/settings",
      headers: bearer(shop.apiKey),
    });
    expect(settings.json()).toMatchObject({ enabled: false, cycleDays: 7, updatedAt: null });
    const member = await newMember();
    const res = await member.checkIn();
    expect(res.statusCode).toBe(422);
    expect(await countRows(member.id)).toEqual({ checkins: 0, entries: 0, events: 0 });
  });

  it("lets only staff who manage loyalty change the schedule, and names the rule that is wrong", async () => {
    const byKey = await app.inject({
      method: "PUT",
      url: "/api/v1/loyalty/checkin/settings",
      headers: bearer(shop.apiKey),
      payload: schedule,
    });
    expect(byKey.statusCode).toBe(403);
    const res = await putSettings({ ...schedule, rewards: [{ day: 4, points: 1 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toBe("body.rewards.0.day");
    const twice = await putSettings({
      ...schedule,
      rewards: [
        { day: 1, points: 1 },
        { day: 1, points: 2 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    const saved = await putSettings(schedule);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ enabled: true, cycleDays: 3, makeup: { costPoints: 20 } });
  });

  it("counts days in Shanghai time: 23:59:59 and 00:00 the next night are two days in a row", async () => {
    const member = await newMember();
    clock = shanghai("2026-11-30T23:59:59");
    const first = await member.checkIn();
    expect(first.statusCode).toBe(201);
    expect(first.json().checkin).toMatchObject({ date: "2026-11-30", streak: 1, points: 5, madeUp: false });
    clock = shanghai("2026-11-30T23:59:59.900");
    const again = await member.checkIn();
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "already_done", details: { date: "2026-11-30" } });
    clock = shanghai("2026-12-01T00:00:00");
    const next = await member.checkIn();
    expect(next.statusCode).toBe(201);
    expect(next.json().checkin).toMatchObject({ date: "2026-12-01", streak: 2, points: 10 });
    expect(next.json().pointsAvailable).toBe(15);
    expect(await available(member.id)).toBe(15);
    expect(await countRows(member.id)).toEqual({ checkins: 2, entries: 2, events: 2 });
  });

  it("restarts the schedule after the cycle, pays the day-3 coupon through the hook, and resets after a gap", async () => {
    const member = await newMember();
    const results = [];
    for (const day of ["01", "02", "03", "04"]) {
      clock = shanghai(`2026-12-${day}T09:00:00`);
      results.push((await member.checkIn()).json().checkin);
    }
    expect(results.map((c) => [c.streak, c.points])).toEqual([
      [1, 5],
      [2, 10],
      [3, 30],
      [4, 5],
    ]);
    expect(results[2].coupon).toEqual({ templateId: "day3-coupon", quantity: 1 });
    const due = await withSystem(use(), (tx) =>
      tx.execute(sql`select properties from events where customer_id = ${member.id} and type = 'coupon.due'`),
    );
    expect(rowsOf<{ properties: Record<string, unknown> }>(due).map((r) => r.properties)).toEqual([
      {
        templateId: "day3-coupon",
        quantity: 1,
        reason: "checkin",
        rewardKey: `checkin:${member.id}:2026-12-03`,
      },
    ]);
    clock = shanghai("2026-12-06T09:00:00");
    expect((await member.checkIn()).json().checkin).toMatchObject({ streak: 1, points: 5 });
    expect(await available(member.id)).toBe(55);
  });

  it("keeps paying the last day's reward after the cycle when the shop says so", async () => {
    await putSettings({ ...schedule, afterCycle: "keep_last" });
    const member = await newMember();
    const points = [];
    for (const day of ["10", "11", "12", "13", "14"]) {
      clock = shanghai(`2026-12-${day}T20:00:00`);
      points.push((await member.checkIn()).json().checkin.points);
    }
    expect(points).toEqual([5, 10, 30, 30, 30]);
    await putSettings(schedule);
  });

  it("gives exactly one check-in and one reward to 20 parallel taps; the other 19 are already_done", async () => {
    const member = await newMember();
    clock = shanghai("2026-12-20T12:00:00");
    const responses = await Promise.all(Array.from({ length: 20 }, () => member.checkIn()));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(
      responses.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === "already_done"),
    ).toBe(true);
    expect(await countRows(member.id)).toEqual({ checkins: 1, entries: 1, events: 1 });
    expect(await available(member.id)).toBe(5);
  });

  describe("make-up check-ins (补签)", () => {
    it("writes nothing when the member cannot pay the cost", async () => {
      const member = await newMember();
      clock = shanghai("2026-12-10T10:00:00");
      await member.checkIn();
      const before = await countRows(member.id);
      const res = await member.makeUp("2026-12-09");
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: "insufficient_balance",
        details: { available: 5, requested: 20 },
      });
      expect(await countRows(member.id)).toEqual(before);
      expect(await available(member.id)).toBe(5);
    });

    it("spends the cost, fills the day and joins the streak of the days after it", async () => {
      const member = await newMember();
      await withMerchant(use(), shop.merchant.id, (tx) =>
        earnPoints(tx, shop.merchant.id, {
          customerId: member.id,
          points: 100,
          idempotencyKey: `test-gift:${member.id}`,
          reason: { code: "manual_adjust" },
          source: "test",
          actor: { kind: "system", name: "test" },
        }),
      );
      for (const day of ["08", "10", "11"]) {
        clock = shanghai(`2026-12-${day}T10:00:00`);
        await member.checkIn();
      }
      // 8th: 5, 10th: 5 (streak 1 after the gap), 11th: 10.
      expect(await available(member.id)).toBe(120);
      const made = await member.makeUp("2026-12-09");
      expect(made.statusCode).toBe(201);
      expect(made.json().checkin).toMatchObject({ date: "2026-12-09", streak: 2, points: 0, madeUp: true });
      expect(made.json().pointsAvailable).toBe(100);
      const calendar = (await member.calendar("2026-12")).json();
      expect(
        calendar.days.map((d: { date: string; streak: number; points: number }) => [
          d.date,
          d.streak,
          d.points,
        ]),
      ).toEqual([
        ["2026-12-08", 1, 5],
        ["2026-12-09", 2, 0],
        ["2026-12-10", 3, 5],
        ["2026-12-11", 4, 10],
      ]);
      expect(calendar).toMatchObject({ today: "2026-12-11", checkedInToday: true, streak: 4 });
      expect(calendar.makeup).toMatchObject({ usedThisMonth: 1, earliestDate: "2026-12-08" });
      // The repaired streak carries on: the 12th is streak 5 = schedule day 2 (restart after 3).
      clock = shanghai("2026-12-12T10:00:00");
      expect((await member.checkIn()).json().checkin).toMatchObject({ streak: 5, points: 10 });
    });

    it("refuses days outside the window, today, checked days and make-ups over the monthly limit", async () => {
      const member = await newMember();
      await withMerchant(use(), shop.merchant.id, (tx) =>
        earnPoints(tx, shop.merchant.id, {
          customerId: member.id,
          points: 100,
          idempotencyKey: `test-gift:${member.id}`,
          reason: { code: "manual_adjust" },
          source: "test",
          actor: { kind: "system", name: "test" },
        }),
      );
      clock = shanghai("2026-12-20T08:00:00");
      await member.checkIn();
      const tooOld = await member.makeUp("2026-12-16");
      expect(tooOld.statusCode).toBe(400);
      expect(tooOld.json().error.details.earliestDate).toBe("2026-12-17");
      expect((await member.makeUp("2026-12-20")).statusCode).toBe(400);
      expect((await member.makeUp("2026-12-21")).statusCode).toBe(400);
      expect((await member.makeUp("2026-12-17")).statusCode).toBe(201);
      const limited = await member.makeUp("2026-12-18");
      expect(limited.statusCode).toBe(409);
      expect(limited.json().error).toMatchObject({ code: "limit_reached", details: { limit: 1, used: 1 } });
      clock = shanghai("2026-12-21T08:00:00");
      const filled = await member.makeUp("2026-12-20");
      expect(filled.json().error.code).toBe("already_done");
      expect(await available(member.id)).toBe(85);
    });

    it("takes one make-up and one cost under 10 parallel requests for the same day", async () => {
      const member = await newMember();
      await withMerchant(use(), shop.merchant.id, (tx) =>
        earnPoints(tx, shop.merchant.id, {
          customerId: member.id,
          points: 100,
          idempotencyKey: `test-gift:${member.id}`,
          reason: { code: "manual_adjust" },
          source: "test",
          actor: { kind: "system", name: "test" },
        }),
      );
      clock = shanghai("2026-12-27T08:00:00");
      const responses = await Promise.all(Array.from({ length: 10 }, () => member.makeUp("2026-12-26")));
      expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(9);
      expect(await available(member.id)).toBe(80);
    });
  });

  it("shows a member's month: today's state, streak and what today and tomorrow earn", async () => {
    const member = await newMember();
    clock = shanghai("2027-01-01T00:00:00");
    const open = (await member.calendar()).json();
    expect(open).toMatchObject({
      enabled: true,
      month: "2027-01",
      today: "2027-01-01",
      checkedInToday: false,
      streak: 0,
      days: [],
      todayReward: { scheduleDay: 1, points: 5 },
      nextReward: { scheduleDay: 2, points: 10 },
      pointsAvailable: 0,
    });
    await member.checkIn();
    const done = (await member.calendar()).json();
    expect(done).toMatchObject({ checkedInToday: true, streak: 1, pointsAvailable: 5 });
    expect(done.days).toHaveLength(1);
    const staff = await app.inject({
      method: "GET",
      url: `/api/v1/customers/${member.id}/checkins`,
      headers: bearer(shop.apiKey),
    });
    expect(staff.json().data.map((c: { date: string }) => c.date)).toEqual(["2027-01-01"]);
    const bad = await member.calendar("2027-13");
    expect(bad.statusCode).toBe(400);
  });
});
