import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant } from "../src/db/tenant.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { assignTarget } from "../src/modules/channels/assign-target.js";
import { createLiveCode } from "../src/modules/channels/live-codes.js";
import { routeInBatch } from "../src/modules/channels/route-in-batches.js";
import {
  type Candidate,
  findOpenWindow,
  orderByPick,
  orderStores,
  type Window,
} from "../src/modules/channels/routing-rules.js";
import { type LiveCodeInputRaw, LiveCodeInputSchema } from "../src/modules/channels/schemas.js";
import { createTestMerchant } from "./support/app.js";
import { seedCommunity, seedCustomers, seedStaff, seedStore } from "./support/channel-fixtures.js";
import { describeEachDatabase } from "./support/databases.js";

const candidate = (id: string, fields: Partial<Candidate> = {}): Candidate => ({
  id,
  role: "primary",
  windowId: null,
  storeId: null,
  position: Number(id.replace(/\D/g, "")) || 0,
  capacity: null,
  assigned: 0,
  assignedToday: 0,
  dailyLimit: null,
  available: true,
  ...fields,
});

describe("routing rules (pure)", () => {
  // 2026-11-30 is a Monday; Asia/Shanghai is UTC+8.
  const late: Window = { id: "late", weekdays: [1], startMinute: 22 * 60, endMinute: 2 * 60, pick: "fill" };
  const lunch: Window = {
    id: "lunch",
    weekdays: [1, 2],
    startMinute: 11 * 60,
    endMinute: 14 * 60,
    pick: "fill",
  };
  const at = (local: string) => new Date(`${local}+08:00`);

  it.each([
    ["2026-11-30T21:59:00", null],
    ["2026-11-30T22:00:00", "late"],
    ["2026-11-30T23:59:00", "late"],
    ["2026-12-01T00:00:00", "late"],
    ["2026-12-01T01:59:00", "late"],
    ["2026-12-01T02:00:00", null],
    ["2026-12-01T23:00:00", null],
    ["2026-12-01T12:00:00", "lunch"],
    ["2026-12-02T12:00:00", null],
  ])("a window across the local midnight: at %s the open window is %s", (local, expected) => {
    expect(findOpenWindow([late, lunch], at(local), "Asia/Shanghai")?.id ?? null).toBe(expected);
  });

  it("judges windows in the merchant's time zone, not the server's", () => {
    // 22:30 in Shanghai on Monday is 14:30 UTC and 09:30 in New York: open only for the Shanghai shop.
    const instant = new Date("2026-11-30T14:30:00Z");
    expect(findOpenWindow([late], instant, "Asia/Shanghai")?.id).toBe("late");
    expect(findOpenWindow([late], instant, "America/New_York")).toBeNull();
  });

  it("orders by each pick and leaves out targets with no room", () => {
    const list = [
      candidate("t1", { capacity: 10, assigned: 9 }),
      candidate("t2", { capacity: 10, assigned: 2 }),
      candidate("t3", { capacity: 10, assigned: 10 }),
      candidate("t4", { dailyLimit: 5, assignedToday: 0 }),
      candidate("t5", { available: false }),
    ];
    expect(orderByPick(list, "fill", 0).map((c) => c.id)).toEqual(["t1", "t2", "t4"]);
    expect(orderByPick(list, "round_robin", 1).map((c) => c.id)).toEqual(["t2", "t4", "t1"]);
    expect(orderByPick(list, "round_robin", 5).map((c) => c.id)).toEqual(["t4", "t1", "t2"]);
    expect(orderByPick(list, "least_loaded", 0).map((c) => c.id)).toEqual(["t4", "t2", "t1"]);
    expect(
      orderByPick(list, "random", 0, () => 0)
        .map((c) => c.id)
        .sort(),
    ).toEqual(["t1", "t2", "t4"]);
  });

  it("orders stores by distance from a shared location, or the chosen city first", () => {
    const stores = [
      { id: "a", city: "上海", latitude: 31.23, longitude: 121.47 },
      { id: "b", city: "杭州", latitude: 30.27, longitude: 120.15 },
      { id: "c", city: "北京", latitude: null, longitude: null },
    ];
    expect(orderStores(stores, { latitude: 30.3, longitude: 120.2 })).toEqual(["b", "a", "c"]);
    expect(orderStores(stores, { city: "北京市" })[0]).toBe("c");
  });
});

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

describeEachDatabase("live-code routing", (use) => {
  let shop: Shop;
  let other: Shop;

  beforeAll(async () => {
    shop = await createTestMerchant(use(), "渠道店");
    other = await createTestMerchant(use(), "别家");
  });

  const create = (input: LiveCodeInputRaw, merchantId = shop.merchant.id) =>
    withMerchant(use(), merchantId, (tx) => createLiveCode(tx, merchantId, LiveCodeInputSchema.parse(input)));

  /** Everyone scans at once; each scan is its own transaction, as over HTTP. */
  const scanAll = (liveCodeId: string, customers: string[], now = new Date(), extra = {}) =>
    Promise.all(
      customers.map((customerId) =>
        withMerchant(use(), shop.merchant.id, (tx) =>
          assignTarget(tx, shop.merchant.id, { liveCodeId, customerId, newMember: true, now, ...extra }),
        ),
      ),
    );

  const countBy = (outcomes: { targetId: string | null }[]) => {
    const counts = new Map<string | null, number>();
    for (const o of outcomes) counts.set(o.targetId, (counts.get(o.targetId) ?? 0) + 1);
    return counts;
  };

  /** The stored counters agree with the assignments made. */
  async function expectCountersAgree(liveCodeId: string, database: Database = use()) {
    const rows = await withMerchant(database, shop.merchant.id, async (tx) =>
      rowsOf<{ id: string; assigned: number; capacity: number | null; n: number }>(
        await tx.execute(sql`select t.id, t.assigned, t.capacity,
            (select count(*)::int from live_code_assignments a where a.merchant_id = t.merchant_id and a.target_id = t.id) as n
          from live_code_targets t where t.merchant_id = ${shop.merchant.id} and t.live_code_id = ${liveCodeId}`),
      ),
    );
    for (const r of rows) {
      expect(r.assigned).toBe(r.n);
      if (r.capacity !== null) expect(r.assigned).toBeLessThanOrEqual(r.capacity);
    }
  }

  it("fill: never sends more than a group's capacity under 40 parallel scans, rolls over, then uses the backup, then says all full", async () => {
    const a = await seedCommunity(use(), shop.merchant.id, { name: "A 群", capacity: 8 });
    const b = await seedCommunity(use(), shop.merchant.id, { name: "B 群", capacity: 500 });
    const clerk = await seedStaff(use(), shop.merchant.id, "小王");
    const code = await create({
      name: "门店柜台",
      kind: "store",
      strategy: "fill",
      targets: [
        { kind: "community", communityId: a },
        { kind: "community", communityId: b, capacity: 7 },
        { kind: "staff", staffId: clerk, role: "backup", dailyLimit: 5 },
      ],
    });
    expect(code.targets.map((t) => t.capacity)).toEqual([8, 7, null]);
    const customers = await seedCustomers(use(), shop.merchant.id, 40);
    const outcomes = await scanAll(code.id, customers);
    const counts = countBy(outcomes);
    const [ta, tb, tc] = code.targets.map((t) => t.id);
    expect(counts.get(ta ?? "")).toBe(8);
    expect(counts.get(tb ?? "")).toBe(7);
    expect(counts.get(tc ?? "")).toBe(5);
    expect(counts.get(null)).toBe(20);
    await expectCountersAgree(code.id);
  });

  it("round-robin spreads 30 parallel scans evenly over three targets", async () => {
    const ids = await Promise.all(
      ["一群", "二群", "三群"].map((name) =>
        seedCommunity(use(), shop.merchant.id, { name, capacity: null }),
      ),
    );
    const code = await create({
      name: "传单",
      kind: "flyer",
      strategy: "round_robin",
      targets: ids.map((communityId) => ({ kind: "community" as const, communityId })),
    });
    const outcomes = await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 30));
    expect([...countBy(outcomes).values()].sort()).toEqual([10, 10, 10]);
    await expectCountersAgree(code.id);
  });

  it("least-loaded fills three groups of 4 exactly under 14 parallel scans", async () => {
    const ids = await Promise.all(
      ["甲", "乙", "丙"].map((name) => seedCommunity(use(), shop.merchant.id, { name, capacity: 200 })),
    );
    const code = await create({
      name: "合作店",
      kind: "partner",
      strategy: "least_loaded",
      targets: ids.map((communityId) => ({ kind: "community" as const, communityId, capacity: 4 })),
    });
    const outcomes = await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 14));
    const counts = countBy(outcomes);
    for (const t of code.targets) expect(counts.get(t.id)).toBe(4);
    expect(counts.get(null)).toBe(2);
    await expectCountersAgree(code.id);
  });

  it("random never overfills two groups of 5 under 15 parallel scans", async () => {
    const ids = await Promise.all(
      ["R1", "R2"].map((name) => seedCommunity(use(), shop.merchant.id, { name })),
    );
    const code = await create({
      name: "小红书",
      kind: "online",
      strategy: "random",
      targets: ids.map((communityId) => ({ kind: "community" as const, communityId, capacity: 5 })),
    });
    const outcomes = await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 15));
    const counts = countBy(outcomes);
    for (const t of code.targets) expect(counts.get(t.id)).toBe(5);
    expect(counts.get(null)).toBe(5);
    await expectCountersAgree(code.id);
  });

  it("holds a staff member's daily limit per local day under parallel scans, and skips staff off duty", async () => {
    const one = await seedStaff(use(), shop.merchant.id, "店员一");
    const two = await seedStaff(use(), shop.merchant.id, "店员二");
    const code = await create({
      name: "员工活码",
      kind: "other",
      strategy: "round_robin",
      targets: [
        { kind: "staff", staffId: one, dailyLimit: 3 },
        { kind: "staff", staffId: two, dailyLimit: 2 },
      ],
    });
    const [t1, t2] = code.targets.map((t) => t.id);
    // 23:50 and 00:10 in Shanghai are two local days although only 20 minutes apart.
    const monday = new Date("2026-11-30T23:50:00+08:00");
    const tuesday = new Date("2026-12-01T00:10:00+08:00");
    const first = countBy(await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 9), monday));
    expect(first.get(t1 ?? "")).toBe(3);
    expect(first.get(t2 ?? "")).toBe(2);
    expect(first.get(null)).toBe(4);
    await withMerchant(use(), shop.merchant.id, (tx) =>
      tx.execute(
        sql`insert into channel_staff_cards (merchant_id, staff_id, on_duty) values (${shop.merchant.id}, ${two}, false)`,
      ),
    );
    const second = countBy(await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 6), tuesday));
    expect(second.get(t1 ?? "")).toBe(3);
    expect(second.get(t2 ?? "")).toBeUndefined();
    expect(second.get(null)).toBe(3);
    const days = await withMerchant(use(), shop.merchant.id, async (tx) =>
      rowsOf<{ day: string; assigned: number }>(
        await tx.execute(sql`select day::text, assigned from live_code_target_days
          where merchant_id = ${shop.merchant.id} and target_id = ${t1} order by day`),
      ),
    );
    expect(days).toEqual([
      { day: "2026-11-30", assigned: 3 },
      { day: "2026-12-01", assigned: 3 },
    ]);
  });

  it("schedule: a window past the local midnight routes to its own list; outside it the default list", async () => {
    const night = await seedCommunity(use(), shop.merchant.id, { name: "夜猫子群" });
    const day = await seedCommunity(use(), shop.merchant.id, { name: "白天群" });
    const code = await create({
      name: "节日",
      kind: "holiday",
      strategy: "schedule",
      windows: [{ key: "late", weekdays: [1], startMinute: 22 * 60, endMinute: 2 * 60 }],
      targets: [
        { kind: "community", communityId: night, windowKey: "late" },
        { kind: "community", communityId: day },
      ],
    });
    const [tNight, tDay] = code.targets.map((t) => t.id);
    const customers = await seedCustomers(use(), shop.merchant.id, 4);
    const when = ["2026-11-30T21:59:00", "2026-11-30T23:30:00", "2026-12-01T01:30:00", "2026-12-01T02:00:00"];
    const outcomes = await Promise.all(
      customers.map((c, i) =>
        scanAll(code.id, [c], new Date(`${when[i]}+08:00`)).then((o) => o[0]?.targetId),
      ),
    );
    expect(outcomes).toEqual([tDay, tNight, tNight, tDay]);
  });

  it("store: routes to the nearest store's target, by location or chosen city, and rolls to the next store when full", async () => {
    const shanghai = await seedStore(use(), shop.merchant.id, {
      name: "上海店",
      city: "上海",
      latitude: 31.23,
      longitude: 121.47,
    });
    const hangzhou = await seedStore(use(), shop.merchant.id, {
      name: "杭州店",
      city: "杭州",
      latitude: 30.27,
      longitude: 120.15,
    });
    const sh = await seedCommunity(use(), shop.merchant.id, { name: "上海群" });
    const hz = await seedCommunity(use(), shop.merchant.id, { name: "杭州群" });
    const code = await create({
      name: "门店码",
      kind: "store",
      strategy: "store",
      targets: [
        { kind: "community", communityId: sh, storeId: shanghai, capacity: 50 },
        { kind: "community", communityId: hz, storeId: hangzhou, capacity: 3 },
      ],
    });
    const [tSh, tHz] = code.targets.map((t) => t.id);
    const near = await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 5), new Date(), {
      where: { latitude: 30.25, longitude: 120.17 },
    });
    expect(countBy(near).get(tHz ?? "")).toBe(3);
    expect(countBy(near).get(tSh ?? "")).toBe(2);
    const byCity = await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 1), new Date(), {
      where: { city: "上海市" },
    });
    expect(byCity[0]?.targetId).toBe(tSh);
  });

  it("gives the same customer the same target however often and however fast they scan (sticky)", async () => {
    const g = await seedCommunity(use(), shop.merchant.id, { name: "粘性群", capacity: 100 });
    const code = await create({
      name: "粘性",
      kind: "other",
      strategy: "fill",
      targets: [{ kind: "community", communityId: g }],
    });
    const [customer] = await seedCustomers(use(), shop.merchant.id, 1);
    const outcomes = await scanAll(code.id, Array(8).fill(customer));
    expect(new Set(outcomes.map((o) => o.targetId)).size).toBe(1);
    expect(outcomes.filter((o) => !o.sticky)).toHaveLength(1);
    await expectCountersAgree(code.id);
    const again = await scanAll(code.id, [customer as string]);
    expect(again[0]).toEqual({ targetId: code.targets[0]?.id, sticky: true });
  });

  it("in group commits: 200 parallel scans fill groups exactly, and a customer in the burst twice gets one target", async () => {
    const ids = await Promise.all(
      ["批一", "批二", "批三"].map((name) => seedCommunity(use(), shop.merchant.id, { name, capacity: 500 })),
    );
    const code = await create({
      name: "批量",
      kind: "flyer",
      strategy: "least_loaded",
      targets: ids.map((communityId) => ({ kind: "community" as const, communityId, capacity: 60 })),
    });
    const customers = await seedCustomers(use(), shop.merchant.id, 190);
    const scans = [...customers, ...customers.slice(0, 10)];
    const now = new Date();
    const outcomes = await Promise.all(
      scans.map((customerId) =>
        routeInBatch(use(), shop.merchant.id, { liveCodeId: code.id, customerId, newMember: true, now }),
      ),
    );
    const counts = countBy(outcomes.slice(0, 190));
    for (const t of code.targets) expect(counts.get(t.id)).toBe(60);
    expect(counts.get(null)).toBe(10);
    outcomes.slice(190).forEach((twice, i) => {
      expect(twice.targetId).toBe(outcomes[i]!.targetId);
    });
    await expectCountersAgree(code.id);
  });

  it("tells staff once when a group passes the warning share", async () => {
    const g = await seedCommunity(use(), shop.merchant.id, { name: "快满群", capacity: 10 });
    const code = await create({
      name: "预警",
      kind: "other",
      strategy: "fill",
      warnPercent: 80,
      targets: [{ kind: "community", communityId: g }],
    });
    await scanAll(code.id, await seedCustomers(use(), shop.merchant.id, 10));
    const events = await withMerchant(use(), shop.merchant.id, async (tx) =>
      rowsOf<{ properties: { targetId: string; assigned: number } }>(
        await tx.execute(sql`select properties from events where merchant_id = ${shop.merchant.id}
          and type = 'live_code.target_nearly_full' and properties->>'liveCodeId' = ${code.id}`),
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.properties.assigned).toBe(8);
  });

  it("keeps merchants apart: another merchant cannot route through this shop's code", async () => {
    const g = await seedCommunity(use(), shop.merchant.id, { name: "隔离群" });
    const code = await create({
      name: "隔离",
      kind: "other",
      strategy: "fill",
      targets: [{ kind: "community", communityId: g }],
    });
    const [stranger] = await seedCustomers(use(), other.merchant.id, 1);
    await expect(
      withMerchant(use(), other.merchant.id, (tx) =>
        assignTarget(tx, other.merchant.id, {
          liveCodeId: code.id,
          customerId: stranger as string,
          newMember: true,
          now: new Date(),
        }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      create(
        { name: "借用", kind: "other", strategy: "fill", targets: [{ kind: "community", communityId: g }] },
        other.merchant.id,
      ),
    ).rejects.toMatchObject({ code: "unprocessable" });
  });
});
