import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { walletBalance } from "../src/modules/loyalty/ledger/wallet-balance.js";
import { exchangeItem } from "../src/modules/loyalty/mall/exchange-item.js";
import { pickupExpiresAt, whyUnavailable } from "../src/modules/loyalty/mall/exchange-rules.js";
import { expireMallExchanges } from "../src/modules/loyalty/mall/expire-exchanges.js";
import "../src/jobs/job-definitions.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { earnPoints } from "../src/modules/loyalty/points/earn-points.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient, startSmsCapture } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

describe("pickup expiry (pure)", () => {
  it.each([
    ["2026-11-30T15:59:59Z", 1, "Asia/Shanghai", "2026-11-30T16:00:00.000Z"],
    ["2026-11-30T16:00:00Z", 1, "Asia/Shanghai", "2026-12-01T16:00:00.000Z"],
    ["2026-11-30T02:00:00Z", 7, "Asia/Shanghai", "2026-12-06T16:00:00.000Z"],
    ["2026-12-31T17:00:00Z", 1, "Asia/Shanghai", "2027-01-01T16:00:00.000Z"],
    // New York leaves daylight time on 2026-11-01: the local midnight after it is at UTC-5.
    ["2026-10-31T12:00:00Z", 2, "America/New_York", "2026-11-02T05:00:00.000Z"],
  ])("an exchange at %s with %i pickup day(s) in %s expires at %s", (at, days, zone, expected) => {
    expect(pickupExpiresAt(new Date(at), days, zone).toISOString()).toBe(expected);
  });

  it("judges windows, stock and limits at their exact boundaries", () => {
    const from = new Date("2026-12-01T00:00:00Z");
    const until = new Date("2026-12-02T00:00:00Z");
    const item = { active: true, stock: 3, perMemberLimit: 2, validFrom: from, validUntil: until };
    expect(whyUnavailable(item, new Date(from.getTime() - 1), 0, 1)).toBe("not_started");
    expect(whyUnavailable(item, from, 0, 1)).toBeNull();
    expect(whyUnavailable(item, new Date(until.getTime() - 1), 1, 1)).toBeNull();
    expect(whyUnavailable(item, until, 0, 1)).toBe("ended");
    expect(whyUnavailable(item, from, 0, 4)).toBe("sold_out");
    expect(whyUnavailable(item, from, 1, 2)).toBe("limit_reached");
    expect(whyUnavailable({ ...item, active: false }, from, 0, 1)).toBe("inactive");
  });
});

describeEachDatabase("points mall", (use) => {
  let app: App;
  let shop: Shop;
  let owner: StaffClient;
  let sms: Awaited<ReturnType<typeof startSmsCapture>>;
  const system = { kind: "system" as const, name: "test" };

  beforeAll(async () => {
    sms = await startSmsCapture();
    app = await buildTestApp(use(), { smsSender: "webhook", smsWebhookUrl: sms.url });
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
    await sms.close();
  });

  const merchantId = () => shop.merchant.id;

  async function newMember(points: number, phone?: string): Promise<string> {
    return withMerchant(use(), merchantId(), async (tx) => {
      const customer = await createCustomer(
        tx,
        merchantId(),
        { name: "会员", ...(phone ? { phone } : {}) },
        { source: "api" },
      );
      if (points > 0) {
        await earnPoints(tx, merchantId(), {
          customerId: customer.id,
          points,
          idempotencyKey: `test:${randomUUID()}`,
          reason: { code: "api_earn" },
          source: "test",
          actor: system,
        });
      }
      return customer.id;
    });
  }

  const available = async (customerId: string) =>
    (await withMerchant(use(), merchantId(), (tx) => walletBalance(tx, merchantId(), customerId, "points")))
      .available;

  async function createItem(body: Record<string, unknown>) {
    const res = await owner.call("POST", "/api/v1/mall/items", {
      kind: "physical",
      name: "保温杯",
      pointsPrice: 100,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; stock: number | null };
  }

  const exchange = (customerId: string, itemId: string, key: string | null = randomUUID(), quantity = 1) =>
    app.inject({
      method: "POST",
      url: "/api/v1/mall/exchanges",
      headers: { ...bearer(shop.apiKey), ...(key ? { "idempotency-key": key } : {}) },
      payload: { customerId, itemId, quantity },
    });

  const stockOf = async (itemId: string) =>
    (await owner.call("GET", `/api/v1/mall/items/${itemId}`)).json().stock;

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

  async function lotsOf(customerId: string) {
    return withSystem(use(), async (tx) =>
      rowsOf<{ id: string; remaining: string }>(
        await tx.execute(sql`select id, remaining::text from ledger_lots
          where merchant_id = ${merchantId()} and customer_id = ${customerId} order by id`),
      ),
    );
  }

  it("never sells more than a stock of 10 to 50 parallel buyers", async () => {
    const item = await createItem({ name: "限量公仔", stock: 10, pointsPrice: 300 });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => newMember(1000)));
    const responses = await Promise.all(buyers.map((id) => exchange(id, item.id)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of responses.filter((x) => x.statusCode === 409))
      expect(r.json().error.code).toBe("out_of_stock");
    expect(await stockOf(item.id)).toBe(0);
    const balances = await Promise.all(buyers.map(available));
    expect(50 * 1000 - balances.reduce((a, b) => a + b, 0)).toBe(10 * 300);
    const codes = responses.filter((r) => r.statusCode === 201).map((r) => r.json().code as string);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^\d{12}$/);
    expect(await countRows("mall_exchanges", `item_id = '${item.id}'`)).toBe(10);
  });

  it("holds one member to the per-member limit under 20 parallel requests", async () => {
    const item = await createItem({ name: "每人限两件", perMemberLimit: 2, pointsPrice: 50 });
    const member = await newMember(5000);
    const responses = await Promise.all(Array.from({ length: 20 }, () => exchange(member, item.id)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(2);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(refused.map((r) => r.json().error.code)).toEqual(Array(18).fill("limit_reached"));
    expect(await available(member)).toBe(5000 - 2 * 50);
  });

  it("applies an exchange once for one Idempotency-Key, even sent 20 times at once", async () => {
    const item = await createItem({ name: "幂等测试", stock: 5 });
    const member = await newMember(1000);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => exchange(member, item.id, key)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await available(member)).toBe(900);
    expect(await stockOf(item.id)).toBe(4);
    const changed = await exchange(member, item.id, key, 2);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe("idempotency_conflict");
  });

  it("refuses an exchange without an Idempotency-Key", async () => {
    const item = await createItem({ name: "无幂等键" });
    const member = await newMember(1000);
    const res = await exchange(member, item.id, null);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("idempotency_key_required");
  });

  it("answers insufficient_balance and writes nothing when points are short", async () => {
    const item = await createItem({ name: "太贵了", stock: 3, pointsPrice: 500 });
    const member = await newMember(499);
    const before = {
      exchanges: await countRows("mall_exchanges"),
      entries: await countRows("ledger_entries"),
      events: await countRows("events", "type like 'mall.%'"),
    };
    const res = await exchange(member, item.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "insufficient_balance" });
    expect(await stockOf(item.id)).toBe(3);
    expect(await available(member)).toBe(499);
    expect({
      exchanges: await countRows("mall_exchanges"),
      entries: await countRows("ledger_entries"),
      events: await countRows("events", "type like 'mall.%'"),
    }).toEqual(before);
  });

  it("cancels an awaiting exchange once, returning exactly its points to the same lots and its stock", async () => {
    const item = await createItem({ name: "可取消", stock: 4, pointsPrice: 150 });
    const member = await newMember(100);
    await withMerchant(use(), merchantId(), (tx) =>
      earnPoints(tx, merchantId(), {
        customerId: member,
        points: 200,
        idempotencyKey: `test:${randomUUID()}`,
        reason: { code: "api_earn" },
        source: "test",
        actor: system,
      }),
    );
    const lotsBefore = await lotsOf(member);
    const made = await exchange(member, item.id, randomUUID(), 2);
    expect(made.statusCode, made.body).toBe(201);
    expect(await available(member)).toBe(0);
    expect((await lotsOf(member)).map((l) => l.remaining)).toEqual(["0", "0"]);
    expect(await stockOf(item.id)).toBe(2);

    const id = made.json().id;
    const cancels = await Promise.all(
      Array.from({ length: 10 }, () =>
        owner.call("POST", `/api/v1/mall/exchanges/${id}/cancel`, { reason: "顾客不要了" }),
      ),
    );
    expect(cancels.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(cancels.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(
      Array(9).fill("already_done"),
    );
    const cancelled = cancels.find((r) => r.statusCode === 200)!.json();
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "顾客不要了" });
    expect(cancelled.cancelledBy).toMatchObject({ type: "staff", name: "Owner" });
    expect(await lotsOf(member)).toEqual(lotsBefore);
    expect(await available(member)).toBe(300);
    expect(await stockOf(item.id)).toBe(4);
    expect(await countRows("ledger_entries", `idempotency_key = 'mall-cancel:${id}' and amount = 300`)).toBe(
      1,
    );
    expect(await countRows("audit_log", `action = 'mall.cancel' and target_id = '${id}'`)).toBe(1);
  });

  it("verifies a pickup code exactly once under 20 parallel verifications, at the chosen store", async () => {
    const store = (
      await owner.call("POST", "/api/v1/stores", { code: `M${Date.now()}`, name: "旗舰店" })
    ).json();
    const item = await createItem({ name: "咖啡券", kind: "service", pointsPrice: 80, cashPrice: 990 });
    const member = await newMember(500, "13900001111");
    const made = (await exchange(member, item.id)).json();
    expect(made.cashDue).toBe(990);
    const spaced = made.code.replace(/(\d{4})(?=\d)/g, "$1 ");
    const lookup = await owner.call("GET", `/api/v1/mall/pickups/${encodeURIComponent(spaced)}`);
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json()).toMatchObject({
      itemName: "咖啡券",
      status: "awaiting_pickup",
      customer: { phone: "13900001111" },
    });

    const verifies = await Promise.all(
      Array.from({ length: 20 }, () =>
        owner.call("POST", `/api/v1/mall/pickups/${made.code}/verify`, { storeId: store.id }),
      ),
    );
    expect(verifies.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(verifies.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(
      Array(19).fill("already_done"),
    );
    const verified = verifies.find((r) => r.statusCode === 200)!.json();
    expect(verified).toMatchObject({
      status: "verified",
      verifiedBy: { name: "Owner" },
      verifiedStore: { id: store.id, name: "旗舰店" },
    });
    expect(await countRows("audit_log", `action = 'mall.verify' and target_id = '${made.id}'`)).toBe(1);
    expect(await countRows("events", `type = 'mall.verified' and customer_id = '${member}'`)).toBe(1);

    const cancel = await owner.call("POST", `/api/v1/mall/exchanges/${made.id}/cancel`, {});
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().error.code).toBe("conflict");
    expect(await available(member)).toBe(420);
  });

  it("tells unknown, malformed and other shops' codes apart without revealing them", async () => {
    const item = await createItem({ name: "隔离" });
    const member = await newMember(500);
    const made = (await exchange(member, item.id)).json();
    expect((await owner.call("GET", "/api/v1/mall/pickups/000000000000")).statusCode).toBe(404);
    const malformed = await owner.call("GET", "/api/v1/mall/pickups/12ab");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("validation_failed");
    const other = await createTestMerchant(use(), "Other Shop");
    const foreign = await app.inject({
      method: "GET",
      url: `/api/v1/mall/pickups/${made.code}`,
      headers: bearer(other.apiKey),
    });
    expect(foreign.statusCode).toBe(404);
    const foreignVerify = await app.inject({
      method: "POST",
      url: `/api/v1/mall/pickups/${made.code}/verify`,
      headers: bearer(other.apiKey),
      payload: {},
    });
    expect(foreignVerify.statusCode).toBe(404);
  });

  it("expires unclaimed exchanges at the shop's local midnight after the pickup period, once", async () => {
    const item = await createItem({ name: "当日自提", stock: 2, pickupDays: 1, pointsPrice: 70 });
    const member = await newMember(100);
    const now = new Date();
    const { exchange: made } = await exchangeItem(
      use(),
      merchantId(),
      { customerId: member, itemId: item.id, quantity: 1, idempotencyKey: randomUUID() },
      { actor: system, source: "test", now },
    );
    const expiresAt = pickupExpiresAt(now, 1, shop.merchant.timeZone);
    expect(made.expiresAt.toISOString()).toBe(expiresAt.toISOString());
    expect(await available(member)).toBe(30);

    const early = await expireMallExchanges(use(), new Date(expiresAt.getTime() - 1), merchantId());
    expect(early.expired).toBe(0);
    const due = await expireMallExchanges(use(), expiresAt, merchantId());
    expect(due).toEqual({ expired: 1, points: 70 });
    expect(await expireMallExchanges(use(), expiresAt, merchantId())).toEqual({ expired: 0, points: 0 });

    expect(await available(member)).toBe(100);
    expect(await stockOf(item.id)).toBe(2);
    const after = (await owner.call("GET", `/api/v1/mall/exchanges/${made.id}`)).json();
    expect(after).toMatchObject({ status: "expired", cancelledBy: { type: "system" } });
    const verify = await owner.call("POST", `/api/v1/mall/pickups/${made.code}/verify`, {});
    expect(verify.statusCode).toBe(409);
    expect(await countRows("events", `type = 'mall.expired' and customer_id = '${member}'`)).toBe(1);
  });

  it("runs the expiry hourly as a registered job", async () => {
    expect(findJobDefinition("mall.expire")).toBeDefined();
    const [schedule] = await use().query<{ job_name: string; cron: string }>(
      "select job_name, cron from job_schedules where name = 'mall.expire'",
    );
    expect(schedule).toEqual({ job_name: "mall.expire", cron: "20 * * * *" });
  });

  it("refuses a code past its pickup period even before the expiry job ran", async () => {
    const item = await createItem({ name: "过期未处理", pickupDays: 1 });
    const member = await newMember(200);
    const past = new Date(Date.now() - 3 * 86_400_000);
    const { exchange: made } = await exchangeItem(
      use(),
      merchantId(),
      { customerId: member, itemId: item.id, quantity: 1, idempotencyKey: randomUUID() },
      { actor: system, source: "test", now: past },
    );
    const verify = await owner.call("POST", `/api/v1/mall/pickups/${made.code}/verify`, {});
    expect(verify.statusCode).toBe(409);
    expect(verify.json().error).toMatchObject({ code: "conflict", details: { status: "expired" } });
  });

  it("exchanges only inside the item's window and while it is switched on", async () => {
    const from = new Date(Date.now() + 3_600_000);
    const until = new Date(Date.now() + 7_200_000);
    const item = await createItem({
      name: "限时",
      validFrom: from.toISOString(),
      validUntil: until.toISOString(),
    });
    const member = await newMember(1000);
    const attempt = (now: Date) =>
      exchangeItem(
        use(),
        merchantId(),
        { customerId: member, itemId: item.id, quantity: 1, idempotencyKey: randomUUID() },
        { actor: system, source: "test", now },
      ).then(
        () => "ok",
        (e: { code: string; details?: { reason?: string } }) => `${e.code}:${e.details?.reason}`,
      );
    expect(await attempt(new Date(from.getTime() - 1))).toBe("unprocessable:not_started");
    expect(await attempt(from)).toBe("ok");
    expect(await attempt(until)).toBe("unprocessable:ended");
    const tooEarly = await exchange(member, item.id);
    expect(tooEarly.json().error).toMatchObject({
      code: "unprocessable",
      details: { reason: "not_started" },
    });
    await owner.call("PATCH", `/api/v1/mall/items/${item.id}`, { active: false, validFrom: null });
    expect(await attempt(new Date(from.getTime() + 1))).toBe("unprocessable:inactive");
    expect(await available(member)).toBe(900);
  });

  it("lets a member browse, exchange with an Idempotency-Key, see the code and cancel before pickup", async () => {
    const phone = "13700002222";
    const customerId = await newMember(600, phone);
    const slug = shop.merchant.slug;
    const headers = { "x-requested-with": "quanzi" };
    await app.inject({ method: "POST", url: `/api/m/${slug}/otp`, payload: { phone }, headers });
    const login = await app.inject({
      method: "POST",
      url: `/api/m/${slug}/login`,
      payload: { phone, code: sms.lastCodeFor(phone) },
      headers,
    });
    expect(login.json().customer.id).toBe(customerId);
    const cookie = `quanzi_member=${login.cookies.find((c) => c.name === "quanzi_member")!.value}`;
    const member = (
      method: "GET" | "POST",
      url: string,
      payload?: object,
      extra: Record<string, string> = {},
    ) =>
      app.inject({ method, url: `/api/m/${slug}${url}`, payload, headers: { cookie, ...headers, ...extra } });

    const item = await createItem({ name: "会员专享", perMemberLimit: 1, stock: 9, pointsPrice: 200 });
    const mall = (await member("GET", "/mall")).json();
    expect(mall.balance.available).toBe(600);
    expect(mall.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({
      myRemaining: 1,
      available: true,
    });

    expect((await member("POST", `/mall/${item.id}/exchange`, {})).json().error.code).toBe(
      "idempotency_key_required",
    );
    const key = randomUUID();
    const first = await member("POST", `/mall/${item.id}/exchange`, {}, { "idempotency-key": key });
    const again = await member("POST", `/mall/${item.id}/exchange`, {}, { "idempotency-key": key });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().code).toBe(first.json().code);

    const afterMall = (await member("GET", "/mall")).json();
    expect(afterMall.balance.available).toBe(400);
    expect(afterMall.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({
      myRemaining: 0,
      available: false,
      unavailableReason: "limit_reached",
    });
    const mine = (await member("GET", "/mall/exchanges")).json();
    expect(mine.data[0]).toMatchObject({
      id: first.json().id,
      code: first.json().code,
      status: "awaiting_pickup",
    });

    const theirs = (await exchange(await newMember(300), item.id)).json();
    expect((await member("POST", `/mall/exchanges/${theirs.id}/cancel`, {})).statusCode).toBe(404);

    const cancelled = await member("POST", `/mall/exchanges/${first.json().id}/cancel`, {});
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled", cancelledBy: { type: "member" } });
    expect((await member("GET", "/mall")).json().balance.available).toBe(600);
  });

  it("answers bad item and exchange input with a 4xx and writes nothing", async () => {
    const item = await createItem({ name: "坏输入", stock: 1 });
    const member = await newMember(1000);
    const before = {
      items: await countRows("mall_items"),
      exchanges: await countRows("mall_exchanges"),
      entries: await countRows("ledger_entries"),
    };
    const cases: [string, string, unknown, string][] = [
      ["POST", "/api/v1/mall/items", { kind: "physical", name: "x", pointsPrice: 0 }, "validation_failed"],
      ["POST", "/api/v1/mall/items", { kind: "gift", name: "x", pointsPrice: 10 }, "validation_failed"],
      ["POST", "/api/v1/mall/items", { kind: "physical", name: "", pointsPrice: 10 }, "validation_failed"],
      [
        "POST",
        "/api/v1/mall/items",
        { kind: "physical", name: "x", pointsPrice: 10, stock: -1 },
        "validation_failed",
      ],
      [
        "POST",
        "/api/v1/mall/items",
        { kind: "physical", name: "x", pointsPrice: 10, couponSpec: { amount: 500 } },
        "validation_failed",
      ],
      [
        "POST",
        "/api/v1/mall/items",
        {
          kind: "physical",
          name: "x",
          pointsPrice: 10,
          validFrom: "2026-12-02T00:00:00Z",
          validUntil: "2026-12-01T00:00:00Z",
        },
        "validation_failed",
      ],
      [
        "POST",
        "/api/v1/mall/items",
        { kind: "physical", name: "x", pointsPrice: 10, colour: "red" },
        "validation_failed",
      ],
      ["PATCH", `/api/v1/mall/items/${item.id}`, { pointsPrice: 1.5 }, "validation_failed"],
      ["PATCH", `/api/v1/mall/items/${randomUUID()}`, { name: "y" }, "not_found"],
      ["POST", "/api/v1/mall/exchanges", { customerId: member, itemId: randomUUID() }, "not_found"],
      ["POST", "/api/v1/mall/exchanges", { customerId: randomUUID(), itemId: item.id }, "not_found"],
      [
        "POST",
        "/api/v1/mall/exchanges",
        { customerId: member, itemId: item.id, quantity: 0 },
        "validation_failed",
      ],
      [
        "POST",
        "/api/v1/mall/exchanges",
        { customerId: member, itemId: item.id, quantity: 2 },
        "out_of_stock",
      ],
      ["POST", `/api/v1/mall/exchanges/${randomUUID()}/cancel`, {}, "not_found"],
      ["POST", "/api/v1/mall/pickups/123456789012/verify", { storeId: "nope" }, "validation_failed"],
    ];
    for (const [method, url, payload, code] of cases) {
      const res = await app.inject({
        method: method as "POST",
        url,
        payload: payload as object,
        headers: { ...bearer(shop.apiKey), "idempotency-key": randomUUID() },
      });
      const label = `${method} ${url} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body}`;
      // Item management is the owner's; the API key may not manage items at all.
      if (url.startsWith("/api/v1/mall/items")) {
        expect(res.statusCode, label).toBe(403);
        const asOwner = await owner.call(method, url, payload);
        expect(asOwner.statusCode, label).toBeGreaterThanOrEqual(400);
        expect(asOwner.statusCode, label).toBeLessThan(500);
        expect(asOwner.json().error.code, `${label} / owner ${asOwner.body}`).toBe(code);
      } else {
        expect(res.json().error.code, label).toBe(code);
      }
    }
    expect({
      items: await countRows("mall_items"),
      exchanges: await countRows("mall_exchanges"),
      entries: await countRows("ledger_entries"),
    }).toEqual(before);
    expect(await stockOf(item.id)).toBe(1);
  });

  it("keeps clerks to verifying and exchanging: no item management", async () => {
    const res = await app.inject({
      method: "DELETE",
      url: `/api/v1/mall/items/${randomUUID()}`,
      headers: bearer(shop.apiKey),
    });
    expect(res.statusCode).toBe(403);
  });
});
