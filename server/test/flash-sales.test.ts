import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { hashToken, randomToken } from "../src/lib/tokens.js";
import { allocateUnits, usedKeyOf } from "../src/modules/promotions/flash-sales/allocate-units.js";
import { buyFlashSale } from "../src/modules/promotions/flash-sales/buy-flash-sale.js";
import { releaseExpiredHolds } from "../src/modules/promotions/flash-sales/release-holds.js";
import { phaseOf, whyUnavailable } from "../src/modules/promotions/flash-sales/sale-rules.js";
import "../src/jobs/job-definitions.js";
import type { Database } from "../src/db/database.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;
type Member = { customerId: string; cookie: string };

describe("flash sale rules (pure)", () => {
  const startsAt = new Date("2026-12-01T12:00:00Z");
  const endsAt = new Date("2026-12-01T14:00:00Z");
  const sale = {
    status: "active" as const,
    stock: 10,
    sold: 4,
    held: 3,
    perMemberLimit: 3,
    startsAt,
    endsAt,
  };
  const at = (ms: number) => new Date(ms);

  it("sells in [startsAt, endsAt) and says why not outside it", () => {
    expect(whyUnavailable(sale, at(startsAt.getTime() - 1), 0, 1)).toBe("not_started");
    expect(whyUnavailable(sale, startsAt, 0, 1)).toBeNull();
    expect(whyUnavailable(sale, at(endsAt.getTime() - 1), 0, 1)).toBeNull();
    expect(whyUnavailable(sale, endsAt, 0, 1)).toBe("ended");
    expect(phaseOf(sale, at(startsAt.getTime() - 1))).toBe("upcoming");
    expect(phaseOf(sale, startsAt)).toBe("running");
    expect(phaseOf(sale, endsAt)).toBe("ended");
  });

  it("counts sold and held against the stock, then the member's units against the limit", () => {
    expect(whyUnavailable(sale, startsAt, 0, 3)).toBeNull();
    expect(whyUnavailable(sale, startsAt, 0, 4)).toBe("sold_out");
    expect(whyUnavailable(sale, startsAt, 2, 1)).toBeNull();
    expect(whyUnavailable(sale, startsAt, 2, 2)).toBe("limit_reached");
    expect(whyUnavailable({ ...sale, perMemberLimit: null }, startsAt, 50, 3)).toBeNull();
    expect(whyUnavailable({ ...sale, status: "paused" }, startsAt, 0, 1)).toBe("paused");
  });

  it("decides a batch of requests in arrival order, each grant counting for the ones after it", () => {
    const request = (customerId: string, quantity: number, key: string = randomUUID()) => ({
      customerId,
      quantity,
      idempotencyKey: key,
      now: startsAt,
    });
    // 3 left; ann holds 1 already (limit 3); bob's key "k1" bought before.
    const state = {
      sale,
      usedKeys: new Map([[usedKeyOf("bob", "k1"), "purchase-1"]]),
      unitsOf: new Map([["ann", 1]]),
    };
    const decided = allocateUnits(state, [
      request("bob", 1, "k1"),
      request("ann", 2),
      request("ann", 1),
      request("cat", 2),
      request("dan", 1),
      request("eve", 1),
      { ...request("fay", 1), now: endsAt },
    ]);
    expect(decided).toEqual([
      { kind: "replay", purchaseId: "purchase-1" },
      { kind: "held" },
      { kind: "refused", reason: "limit_reached", myUnits: 3 },
      { kind: "refused", reason: "sold_out", myUnits: 0 },
      { kind: "held" },
      { kind: "refused", reason: "sold_out", myUnits: 0 },
      { kind: "refused", reason: "ended", myUnits: 0 },
    ]);
  });
});

/** Customers with member sessions, made in two statements (the HTTP login is rate limited). */
async function seedMembers(database: Database, merchantId: string, count: number): Promise<Member[]> {
  const tokens = Array.from({ length: count }, () => randomToken(43));
  return withSystem(database, async (tx) => {
    const ids = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name)
        select ${merchantId}::uuid, '抢购会员 ' || n from generate_series(1, ${count}) n returning id`),
    ).map((r) => r.id);
    const sessions = ids.map((id, i) => ({ c: id, h: hashToken(tokens[i]!) }));
    await tx.execute(sql`insert into member_sessions (merchant_id, token_hash, customer_id, expires_at)
      select ${merchantId}::uuid, s.h, s.c, now() + interval '1 day'
      from jsonb_to_recordset(${JSON.stringify(sessions)}::jsonb) as s(c uuid, h text)`);
    return ids.map((customerId, i) => ({ customerId, cookie: `quanzi_member=${tokens[i]}` }));
  });
}

describeEachDatabase("flash sales", (use) => {
  let app: App;
  let shop: Shop;
  let owner: StaffClient;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
  });

  const merchantId = () => shop.merchant.id;
  const system = { kind: "system" as const, name: "test" };
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

  async function createSale(body: Record<string, unknown> = {}) {
    const res = await owner.call("POST", "/api/v1/flash-sales", {
      name: "双十二秒杀",
      sku: "CUP-01",
      itemName: "保温杯",
      originalPrice: 9900,
      price: 1990,
      stock: 10,
      startsAt: minutes(-1),
      endsAt: minutes(60),
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; stock: number; left: number };
  }

  const buy = (member: Member, saleId: string, key: string | null = randomUUID(), quantity?: number) =>
    app.inject({
      method: "POST",
      url: `/api/m/${shop.merchant.slug}/flash-sales/${saleId}/buy`,
      headers: {
        cookie: member.cookie,
        "x-requested-with": "quanzi",
        ...(key ? { "idempotency-key": key } : {}),
      },
      payload: quantity === undefined ? {} : { quantity },
    });

  const memberGet = (member: Member, path: string) =>
    app.inject({
      method: "GET",
      url: `/api/m/${shop.merchant.slug}${path}`,
      headers: { cookie: member.cookie, "x-requested-with": "quanzi" },
    });

  const settle = (purchaseId: string, action: "confirm" | "cancel", key: string | null = randomUUID()) =>
    app.inject({
      method: "POST",
      url: `/api/v1/flash-sales/purchases/${purchaseId}/${action}`,
      headers: { ...bearer(shop.apiKey), ...(key ? { "idempotency-key": key } : {}) },
    });

  const saleOf = async (id: string) => {
    const res = await owner.call("GET", `/api/v1/flash-sales/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { stock: number; sold: number; held: number; left: number };
  };

  async function countRows(table: string, where = "true"): Promise<number> {
    return withSystem(use(), async (tx) => {
      const [row] = rowsOf<{ n: number }>(
        await tx.execute(
          sql.raw(
            `select count(*)::int as n from ${table} where merchant_id = '${merchantId()}' and ${where}`,
          ),
        ),
      );
      return row!.n;
    });
  }

  it("never sells more than a stock of 100 to 2,000 parallel buyers, and turns the rest away with sold_out", async () => {
    const sale = await createSale({ stock: 100, perMemberLimit: 1 });
    const members = await seedMembers(use(), merchantId(), 2000);
    const responses = await Promise.all(members.map((m) => buy(m, sale.id)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(new Set(refused.map((r) => `${r.statusCode} ${r.json().error.code}`))).toEqual(
      new Set(["409 sold_out"]),
    );
    expect(await saleOf(sale.id)).toMatchObject({ stock: 100, sold: 0, held: 100, left: 0 });
    expect(await countRows("flash_sale_purchases", `sale_id = '${sale.id}' and status = 'held'`)).toBe(100);
    const codes = responses.filter((r) => r.statusCode === 201).map((r) => r.json().code as string);
    expect(new Set(codes).size).toBe(100);
    for (const code of codes) expect(code).toMatch(/^\d{12}$/);
    expect(
      await countRows("events", `type = 'flash_sale.held' and properties->>'saleId' = '${sale.id}'`),
    ).toBe(100);
  }, 300_000);

  it("holds one member to the per-member limit under 20 parallel taps with different keys", async () => {
    const sale = await createSale({ stock: 50, perMemberLimit: 2 });
    const [member] = await seedMembers(use(), merchantId(), 1);
    const responses = await Promise.all(Array.from({ length: 20 }, () => buy(member!, sale.id)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(responses.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code)).toEqual(
      Array(18).fill("limit_reached"),
    );
    expect(await saleOf(sale.id)).toMatchObject({ held: 2, left: 48 });
    const mine = (await memberGet(member!, `/flash-sales/${sale.id}`)).json();
    expect(mine).toMatchObject({ myUnits: 2, myRemaining: 0, unavailableReason: "limit_reached" });
  });

  it("buys once for one Idempotency-Key sent 20 times at once, and refuses the key for another quantity", async () => {
    const sale = await createSale({ stock: 5 });
    const [member] = await seedMembers(use(), merchantId(), 1);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => buy(member!, sale.id, key, 2)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await saleOf(sale.id)).toMatchObject({ held: 2, left: 3 });
    const changed = await buy(member!, sale.id, key, 1);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe("idempotency_conflict");
    const keyless = await buy(member!, sale.id, null);
    expect(keyless.statusCode).toBe(400);
    expect(keyless.json().error.code).toBe("idempotency_key_required");
  });

  it("releases an expired hold exactly once even when two releases run at once, and the unit sells again", async () => {
    const sale = await createSale({ stock: 1, paymentMinutes: 5 });
    const [first, second] = await seedMembers(use(), merchantId(), 2);
    const now = new Date();
    const { purchase } = await buyFlashSale(
      use(),
      merchantId(),
      { customerId: first!.customerId, saleId: sale.id, quantity: 1, idempotencyKey: randomUUID() },
      { actor: system, source: "test", now },
    );
    expect(purchase.holdUntil.getTime()).toBe(now.getTime() + 5 * 60_000);
    expect((await buy(second!, sale.id)).json().error.code).toBe("sold_out");

    const early = await releaseExpiredHolds(use(), new Date(purchase.holdUntil.getTime() - 1), merchantId());
    expect(early.released).toBe(0);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => releaseExpiredHolds(use(), purchase.holdUntil, merchantId())),
    );
    expect(runs.reduce((sum, r) => sum + r.released, 0)).toBe(1);
    expect(await saleOf(sale.id)).toMatchObject({ sold: 0, held: 0, left: 1 });
    expect(
      await countRows(
        "events",
        `type = 'flash_sale.released' and properties->>'purchaseId' = '${purchase.id}'`,
      ),
    ).toBe(1);
    const mine = (await memberGet(first!, "/flash-sales/purchases")).json();
    expect(mine.data[0]).toMatchObject({ id: purchase.id, status: "released", releaseReason: "expired" });

    const confirmLate = await settle(purchase.id, "confirm");
    expect(confirmLate.statusCode).toBe(409);
    expect(confirmLate.json().error.code).toBe("conflict");
    const again = await buy(second!, sale.id);
    expect(again.statusCode, again.body).toBe(201);
    expect(await saleOf(sale.id)).toMatchObject({ held: 1, left: 0 });
    expect(findJobDefinition("flash_sales.release")).toBeDefined();
  });

  it("confirms and cancels once: the same key replays, another key is already_done, the other way is conflict", async () => {
    const sale = await createSale({ stock: 3 });
    const [a, b] = await seedMembers(use(), merchantId(), 2);
    const bought = (await buy(a!, sale.id)).json();
    const key = randomUUID();
    const confirms = await Promise.all(Array.from({ length: 10 }, () => settle(bought.id, "confirm", key)));
    expect(confirms.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(confirms[0]!.json()).toMatchObject({
      status: "confirmed",
      settledBy: { type: "api_key" },
      customer: { id: a!.customerId },
    });
    const otherKey = await settle(bought.id, "confirm");
    expect([otherKey.statusCode, otherKey.json().error.code]).toEqual([409, "already_done"]);
    const sameKeyCancel = await settle(bought.id, "cancel", key);
    expect(sameKeyCancel.json().error.code).toBe("idempotency_conflict");
    const cancelConfirmed = await settle(bought.id, "cancel");
    expect([cancelConfirmed.statusCode, cancelConfirmed.json().error.code]).toEqual([409, "conflict"]);
    expect(await saleOf(sale.id)).toMatchObject({ sold: 1, held: 0, left: 2 });

    const other = (await buy(b!, sale.id, randomUUID(), 2)).json();
    const cancelKey = randomUUID();
    const cancels = await Promise.all(
      Array.from({ length: 10 }, () => settle(other.id, "cancel", cancelKey)),
    );
    expect(cancels.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(cancels[0]!.json()).toMatchObject({ status: "released", releaseReason: "cancelled" });
    expect((await settle(other.id, "cancel")).json().error.code).toBe("already_done");
    expect((await settle(other.id, "confirm")).json().error.code).toBe("conflict");
    expect(await saleOf(sale.id)).toMatchObject({ sold: 1, held: 0, left: 2 });
    expect(
      await countRows(
        "events",
        `type = 'flash_sale.confirmed' and properties->>'purchaseId' = '${bought.id}'`,
      ),
    ).toBe(1);
    expect(await countRows("audit_log", `action = 'flash_sale.cancel' and target_id = '${other.id}'`)).toBe(
      1,
    );
    expect((await settle(other.id, "confirm", null)).json().error.code).toBe("idempotency_key_required");
  });

  it("sells only inside [startsAt, endsAt) and not while paused", async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    const sale = await createSale({ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
    const [member] = await seedMembers(use(), merchantId(), 1);
    const attempt = (now: Date) =>
      buyFlashSale(
        use(),
        merchantId(),
        { customerId: member!.customerId, saleId: sale.id, quantity: 1, idempotencyKey: randomUUID() },
        { actor: system, source: "test", now },
      ).then(
        () => "bought",
        (e: { code: string; details?: { reason?: string } }) => `${e.code}:${e.details?.reason}`,
      );
    expect(await attempt(new Date(startsAt.getTime() - 1))).toBe("unprocessable:not_started");
    expect(await attempt(startsAt)).toBe("bought");
    expect(await attempt(new Date(endsAt.getTime() - 1))).toBe("bought");
    expect(await attempt(endsAt)).toBe("unprocessable:ended");
    await owner.call("PATCH", `/api/v1/flash-sales/${sale.id}`, { status: "paused" });
    expect(await attempt(startsAt)).toBe("unprocessable:paused");
    expect(await saleOf(sale.id)).toMatchObject({ held: 2 });
  });

  it("lets only the sale's audience see and buy it (segment members, given levels; never placed = the entry level)", async () => {
    const [inside, outside] = await seedMembers(use(), merchantId(), 2);
    const segmentId = randomUUID();
    await withSystem(use(), async (tx) => {
      await tx.execute(sql`insert into segments (merchant_id, id, name, rule)
        values (${merchantId()}, ${segmentId}, '高价值', '{"all": []}'::jsonb)`);
      await tx.execute(sql`insert into segment_members (merchant_id, segment_id, customer_id, entered_at)
        values (${merchantId()}, ${segmentId}, ${inside!.customerId}, now())`);
    });
    const sale = await createSale({ audience: { kind: "segment", id: segmentId } });
    const listed = (m: Member) =>
      memberGet(m, "/flash-sales").then((r) => r.json().data.map((s: { id: string }) => s.id) as string[]);
    expect(await listed(inside!)).toContain(sale.id);
    expect(await listed(outside!)).not.toContain(sale.id);
    expect((await memberGet(outside!, `/flash-sales/${sale.id}`)).statusCode).toBe(404);
    const refused = await buy(outside!, sale.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.reason).toBe("not_in_audience");
    expect((await buy(inside!, sale.id)).statusCode).toBe(201);

    const levels = [randomUUID(), randomUUID()];
    await withSystem(use(), async (tx) => {
      await tx.execute(sql`insert into member_levels (merchant_id, id, position, name, name_en, threshold)
        values (${merchantId()}, ${levels[0]}, 1, '普通', 'Basic', 0), (${merchantId()}, ${levels[1]}, 2, '金卡', 'Gold', 1000)`);
      await tx.execute(sql`insert into customer_levels (merchant_id, customer_id, level_id, since, growth_at)
        values (${merchantId()}, ${inside!.customerId}, ${levels[1]}, now(), now())`);
    });
    const gold = await createSale({ audience: { kind: "levels", ids: [levels[1]] } });
    expect((await buy(inside!, gold.id)).statusCode).toBe(201);
    expect((await buy(outside!, gold.id)).json().error.details.reason).toBe("not_in_audience");
    const basic = await createSale({ audience: { kind: "levels", ids: [levels[0]] } });
    expect((await buy(outside!, basic.id)).statusCode).toBe(201);
    expect((await buy(inside!, basic.id)).json().error.details.reason).toBe("not_in_audience");
  });

  it("keeps shops apart: another shop's staff, keys and members find nothing", async () => {
    const sale = await createSale();
    const [member] = await seedMembers(use(), merchantId(), 1);
    const bought = (await buy(member!, sale.id)).json();
    const other = await createTestMerchant(use(), "Other Shop");
    const [stranger] = await seedMembers(use(), other.merchant.id, 1);
    const asOther = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
      app.inject({
        method,
        url,
        payload,
        headers: { ...bearer(other.apiKey), "idempotency-key": randomUUID() },
      });
    expect((await asOther("GET", `/api/v1/flash-sales/${sale.id}`)).statusCode).toBe(404);
    expect((await asOther("GET", `/api/v1/flash-sales/purchases/${bought.id}`)).statusCode).toBe(404);
    expect((await asOther("POST", `/api/v1/flash-sales/purchases/${bought.id}/confirm`)).statusCode).toBe(
      404,
    );
    expect((await asOther("GET", "/api/v1/flash-sales")).json().data).toEqual([]);
    const foreignBuy = await app.inject({
      method: "POST",
      url: `/api/m/${other.merchant.slug}/flash-sales/${sale.id}/buy`,
      headers: { cookie: stranger!.cookie, "x-requested-with": "quanzi", "idempotency-key": randomUUID() },
      payload: {},
    });
    expect(foreignBuy.statusCode).toBe(404);
    const wrongShopCookie = await buy(stranger!, sale.id);
    expect(wrongShopCookie.statusCode).toBe(401);
    expect(await saleOf(sale.id)).toMatchObject({ held: 1 });
  });

  it("answers bad sale and purchase input with a 4xx and writes nothing", async () => {
    const sale = await createSale({ stock: 2 });
    const [member] = await seedMembers(use(), merchantId(), 1);
    const before = {
      sales: await countRows("flash_sales"),
      purchases: await countRows("flash_sale_purchases"),
      audit: await countRows("audit_log"),
    };
    const base = {
      name: "坏输入",
      sku: "X",
      itemName: "x",
      originalPrice: 1000,
      price: 500,
      stock: 1,
      startsAt: minutes(0),
      endsAt: minutes(10),
    };
    const cases: [string, string, unknown, string, string?][] = [
      ["POST", "/api/v1/flash-sales", { ...base, price: 1001 }, "validation_failed", "body.price"],
      ["POST", "/api/v1/flash-sales", { ...base, endsAt: base.startsAt }, "validation_failed", "body.endsAt"],
      ["POST", "/api/v1/flash-sales", { ...base, stock: -1 }, "validation_failed"],
      ["POST", "/api/v1/flash-sales", { ...base, price: 9.5 }, "validation_failed"],
      ["POST", "/api/v1/flash-sales", { ...base, paymentMinutes: 0 }, "validation_failed"],
      ["POST", "/api/v1/flash-sales", { ...base, colour: "red" }, "validation_failed"],
      [
        "POST",
        "/api/v1/flash-sales",
        { ...base, audience: { kind: "segment", id: randomUUID() } },
        "validation_failed",
        "body.audience.id",
      ],
      [
        "POST",
        "/api/v1/flash-sales",
        { ...base, audience: { kind: "city", id: randomUUID() } },
        "validation_failed",
      ],
      [
        "POST",
        "/api/v1/flash-sales",
        { ...base, audience: { kind: "levels", ids: [randomUUID()] } },
        "validation_failed",
        "body.audience.ids",
      ],
      ["PATCH", `/api/v1/flash-sales/${sale.id}`, { price: 20000 }, "validation_failed", "body.price"],
      ["PATCH", `/api/v1/flash-sales/${randomUUID()}`, { name: "y" }, "not_found"],
      ["DELETE", "/api/v1/flash-sales/not-a-uuid", undefined, "validation_failed"],
    ];
    for (const [method, url, payload, code, path] of cases) {
      const res = await owner.call(method, url, payload);
      const label = `${method} ${url} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body}`;
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, label).toBeLessThan(500);
      expect(res.json().error.code, label).toBe(code);
      if (path) expect(JSON.stringify(res.json().error.details), label).toContain(path);
    }
    const buys: [unknown, string][] = [
      [{ quantity: 0 }, "validation_failed"],
      [{ quantity: 3 }, "sold_out"],
      [{ quantity: 1, extra: true }, "validation_failed"],
    ];
    for (const [payload, code] of buys) {
      const res = await app.inject({
        method: "POST",
        url: `/api/m/${shop.merchant.slug}/flash-sales/${sale.id}/buy`,
        headers: { cookie: member!.cookie, "x-requested-with": "quanzi", "idempotency-key": randomUUID() },
        payload: payload as object,
      });
      expect(res.json().error.code, res.body).toBe(code);
    }
    expect((await buy(member!, randomUUID())).statusCode).toBe(404);
    expect((await settle(randomUUID(), "confirm")).statusCode).toBe(404);
    const forbidden = await app.inject({
      method: "POST",
      url: "/api/v1/flash-sales",
      payload: base,
      headers: bearer(shop.apiKey),
    });
    expect(forbidden.statusCode).toBe(403);
    expect({
      sales: await countRows("flash_sales"),
      purchases: await countRows("flash_sale_purchases"),
      audit: await countRows("audit_log"),
    }).toEqual(before);
    expect(await saleOf(sale.id)).toMatchObject({ held: 0, left: 2 });
  });

  it("keeps stock at or above what is sold and held, and deletes only a sale nobody bought from", async () => {
    const sale = await createSale({ stock: 5 });
    const [member] = await seedMembers(use(), merchantId(), 1);
    await buy(member!, sale.id, randomUUID(), 3);
    const tooLow = await owner.call("PATCH", `/api/v1/flash-sales/${sale.id}`, { stock: 2 });
    expect([tooLow.statusCode, tooLow.json().error.code]).toEqual([409, "conflict"]);
    const ok = await owner.call("PATCH", `/api/v1/flash-sales/${sale.id}`, { stock: 3 });
    expect(ok.json()).toMatchObject({ stock: 3, held: 3, left: 0 });
    expect((await owner.call("DELETE", `/api/v1/flash-sales/${sale.id}`)).statusCode).toBe(409);
    const unused = await createSale();
    expect((await owner.call("DELETE", `/api/v1/flash-sales/${unused.id}`)).statusCode).toBe(204);
  });

  it("shows a member the running sale, its stock left, and their purchase with the time left to pay", async () => {
    const sale = await createSale({ stock: 4, perMemberLimit: 3, paymentMinutes: 10, name: "会员页秒杀" });
    const [member] = await seedMembers(use(), merchantId(), 1);
    const list = (await memberGet(member!, "/flash-sales")).json();
    expect(list.now).toBeTruthy();
    expect(list.data.find((s: { id: string }) => s.id === sale.id)).toMatchObject({
      phase: "running",
      left: 4,
      myRemaining: 3,
      unavailableReason: null,
    });
    const bought = await buy(member!, sale.id, randomUUID(), 2);
    expect(bought.statusCode, bought.body).toBe(201);
    const page = (await memberGet(member!, `/flash-sales/${sale.id}`)).json();
    expect(page).toMatchObject({ left: 2, myUnits: 2, myRemaining: 1 });
    const mine = (await memberGet(member!, "/flash-sales/purchases")).json();
    expect(mine.data[0]).toMatchObject({ saleName: "会员页秒杀", status: "held", quantity: 2, amount: 3980 });
    const left = Date.parse(mine.data[0].holdUntil) - Date.parse(mine.now);
    expect(left).toBeGreaterThan(9 * 60_000);
    expect(left).toBeLessThanOrEqual(10 * 60_000);
  });
});
