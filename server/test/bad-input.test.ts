import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient, startSmsCapture } from "./support/sessions.js";

/** Row counts of every table, read past row-level security. */
async function countEverything(database: Database): Promise<Record<string, number>> {
  return withSystem(database, async (tx) => {
    const tables = (await tx.execute(
      sql`select tablename from pg_tables where schemaname = 'public' order by 1`,
    )) as unknown as { rows: { tablename: string }[] };
    const counts: Record<string, number> = {};
    for (const { tablename } of tables.rows) {
      const result = (await tx.execute(
        sql.raw(`select count(*)::int as n from "${tablename}"`),
      )) as unknown as {
        rows: { n: number }[];
      };
      counts[tablename] = result.rows[0]!.n;
    }
    return counts;
  });
}

type Who = "owner" | "key" | "member" | "anonymous";
type Case = [Who, string, string, unknown];

describeEachDatabase("bad input on every write route", (use) => {
  let app: App;
  let sms: Awaited<ReturnType<typeof startSmsCapture>>;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let memberCookie: string;
  const ids = { customer: "", order: "", store: "", staff: "" };

  beforeAll(async () => {
    sms = await startSmsCapture();
    app = await buildTestApp(use(), { smsSender: "webhook", smsWebhookUrl: sms.url });
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    ids.store = (await owner.call("POST", "/api/v1/stores", { code: "S1", name: "店" })).json().id;
    const order = (
      await app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: bearer(shop.apiKey),
        payload: {
          externalId: "OK-1",
          customer: { phone: "13800000009" },
          placedAt: "2026-11-01T10:00:00+08:00",
          items: [{ sku: "A", name: "苹果", quantity: 1, unitPrice: 100 }],
        },
      })
    ).json();
    ids.order = order.id;
    ids.customer = order.customerId;
    ids.staff = (await owner.call("GET", "/api/v1/staff")).json().data[0].id;
    const slug = shop.merchant.slug;
    const headers = { "x-requested-with": "quanzi" };
    await app.inject({
      method: "POST",
      url: `/api/m/${slug}/otp`,
      payload: { phone: "13800000009" },
      headers,
    });
    const login = await app.inject({
      method: "POST",
      url: `/api/m/${slug}/login`,
      payload: { phone: "13800000009", code: sms.lastCodeFor("13800000009") },
      headers,
    });
    memberCookie = `quanzi_member=${login.cookies.find((c) => c.name === "quanzi_member")!.value}`;
  });
  afterAll(async () => {
    await app.close();
    await sms.close();
  });

  function send([who, method, url, payload]: Case) {
    const headers: Record<string, string> = {};
    if (who === "key") Object.assign(headers, bearer(shop.apiKey));
    if (who === "member") Object.assign(headers, { cookie: memberCookie, "x-requested-with": "quanzi" });
    if (who === "owner") return owner.call(method, url, payload);
    if (who === "anonymous") headers["x-requested-with"] = "quanzi";
    return app.inject({ method: method as "POST", url, payload: payload as object, headers });
  }

  it("answers each with a 4xx, a machine-readable code and a message, and writes nothing", async () => {
    const { customer, order, store, staff } = ids;
    const slug = shop.merchant.slug;
    const cases: Case[] = [
      ["anonymous", "POST", "/api/setup", { shop: { name: "", slug: "Bad Slug" }, owner: {} }],
      [
        "anonymous",
        "POST",
        "/api/setup",
        { shop: { name: "x", slug: "fine" }, owner: { name: "x", email: "a@b.co", password: "long enough" } },
      ],
      ["anonymous", "POST", "/api/setup/demo", undefined],
      ["anonymous", "POST", "/api/auth/login", { login: 12345, password: "x" }],
      ["owner", "POST", "/api/auth/switch", { merchantId: "not-a-uuid" }],
      ["owner", "POST", "/api/auth/switch", { merchantId: randomUUID() }],
      ["anonymous", "POST", "/api/auth/invitations/abcdefghijklmnop/accept", { password: "short" }],
      [
        "anonymous",
        "POST",
        "/api/auth/invitations/abcdefghijklmnop/accept",
        { password: "long enough pass" },
      ],
      ["key", "POST", "/api/v1/customers", { name: "x", gender: "robot" }],
      ["key", "POST", "/api/v1/customers", { name: "x", favouriteColour: "red" }],
      ["key", "PATCH", `/api/v1/customers/${customer}`, { birthday: "someday" }],
      ["key", "PATCH", `/api/v1/customers/${randomUUID()}`, { name: "x" }],
      ["key", "POST", `/api/v1/customers/${customer}/merge`, {}],
      ["key", "POST", `/api/v1/customers/${customer}/merge`, { duplicateId: randomUUID() }],
      ["key", "POST", `/api/v1/customers/${customer}/identities`, { kind: "passport", value: "x" }],
      ["key", "DELETE", `/api/v1/customers/${customer}/identities/wechat_openid/nope`, undefined],
      ["key", "POST", "/api/v1/orders", {}],
      [
        "key",
        "POST",
        "/api/v1/orders",
        { externalId: "X", placedAt: "2026-11-01T10:00:00+08:00", items: [{ sku: "A" }] },
      ],
      ["key", "POST", `/api/v1/orders/${order}/refunds`, { lines: [{ lineNo: 0, quantity: 1 }] }],
      ["key", "POST", `/api/v1/orders/${randomUUID()}/refunds`, {}],
      ["owner", "POST", "/api/v1/stores", { code: "", name: "x" }],
      ["owner", "POST", "/api/v1/stores", { code: "S1", name: "duplicate code" }],
      ["owner", "PATCH", `/api/v1/stores/${store}`, { name: "" }],
      ["owner", "DELETE", "/api/v1/stores/not-a-uuid", undefined],
      ["owner", "DELETE", `/api/v1/stores/${randomUUID()}`, undefined],
      ["owner", "PATCH", `/api/v1/staff/${staff}`, { role: "king" }],
      ["owner", "PATCH", `/api/v1/staff/${staff}`, { status: "disabled" }],
      ["owner", "POST", "/api/v1/staff/invitations", { email: "not an email", role: "clerk" }],
      ["owner", "DELETE", `/api/v1/staff/invitations/${randomUUID()}`, undefined],
      ["owner", "POST", "/api/v1/api-keys", { name: "" }],
      ["owner", "DELETE", `/api/v1/api-keys/${randomUUID()}`, undefined],
      ["owner", "PATCH", "/api/v1/settings", { currency: "yuan" }],
      ["owner", "PATCH", "/api/v1/settings", { slug: "renamed" }],
      ["key", "POST", "/api/v1/imports", { kind: "orders" }],
      ["key", "POST", `/api/v1/imports/${randomUUID()}/start`, { mapping: { 单号: "externalId" } }],
      ["key", "POST", `/api/v1/imports/${randomUUID()}/start`, { mapping: { 单号: "notAField" } }],
      ["anonymous", "POST", `/api/m/${slug}/otp`, { phone: "call me" }],
      ["anonymous", "POST", "/api/m/no-such-shop/otp", { phone: "13800000001" }],
      ["anonymous", "POST", `/api/m/${slug}/login`, { phone: "13800000009", code: "abc" }],
      ["member", "PATCH", `/api/m/${slug}/me`, { gender: "robot" }],
      ["member", "PATCH", `/api/m/${slug}/me`, { phone: "13900000000" }],
      // Daily check-in and the new-member gift (check-in and the gift are off in this shop).
      [
        "owner",
        "PUT",
        "/api/v1/loyalty/checkin/settings",
        {
          enabled: true,
          cycleDays: 3,
          rewards: [{ day: 4, points: 1 }],
          afterCycle: "restart",
          makeup: { enabled: false, costPoints: 0, windowDays: 1, monthlyLimit: 0 },
        },
      ],
      [
        "key",
        "PUT",
        "/api/v1/loyalty/checkin/settings",
        {
          enabled: true,
          cycleDays: 1,
          rewards: [],
          afterCycle: "restart",
          makeup: { enabled: false, costPoints: 0, windowDays: 1, monthlyLimit: 0 },
        },
      ],
      ["member", "POST", `/api/m/${slug}/checkin`, undefined],
      ["member", "POST", `/api/m/${slug}/checkin/makeup`, { date: "yesterday" }],
      ["member", "POST", `/api/m/${slug}/checkin/makeup`, { date: "2026-11-01" }],
      [
        "owner",
        "PUT",
        "/api/v1/loyalty/welcome-gift/settings",
        { enabled: true, triggers: ["birthday"], channels: [], points: 10, items: [], coupon: null },
      ],
      ["key", "POST", `/api/v1/customers/${customer}/welcome-gift`, { channel: "poster" }],
      ["key", "POST", `/api/v1/customers/${randomUUID()}/welcome-gift`, { channel: "poster" }],
      ["owner", "PUT", "/api/v1/insight/settings", { rfm: { windowDays: 0, referenceMode: "today" } }],
      [
        "owner",
        "PUT",
        "/api/v1/insight/settings",
        { rfm: { windowDays: 30, referenceMode: "today", scoringMode: "cutoffs" } },
      ],
      [
        "key",
        "PUT",
        "/api/v1/insight/settings",
        { rfm: { windowDays: 30, referenceMode: "today", scoringMode: "quintile" } },
      ],
      ["key", "POST", "/api/v1/insight/rfm/recompute", undefined],
    ];
    const before = await countEverything(use());
    for (const c of cases) {
      const res = await send(c);
      const label = `${c[0]} ${c[1]} ${c[2]} ${JSON.stringify(c[3])} → ${res.statusCode} ${res.body}`;
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, label).toBeLessThan(500);
      const error = res.json().error;
      expect(error.code, label).toMatch(/^[a-z_]+$/);
      expect(error.message.length, label).toBeGreaterThan(3);
    }
    const after = await countEverything(use());
    expect(after).toEqual(before);
  });

  it("hides every tenant table's rows from a transaction that has not set its merchant", async () => {
    const database = use();
    const visible = await database.db.transaction(async (tx) => {
      if (database.appRole) await tx.execute(sql`select set_config('role', 'quanzi_app', true)`);
      const tables = (await tx.execute(
        sql`select relname from pg_class where relnamespace = 'public'::regnamespace and relrowsecurity order by 1`,
      )) as unknown as { rows: { relname: string }[] };
      const seen: Record<string, number> = {};
      for (const { relname } of tables.rows) {
        const r = (await tx.execute(sql.raw(`select count(*)::int as n from "${relname}"`))) as unknown as {
          rows: { n: number }[];
        };
        seen[relname] = r.rows[0]!.n;
      }
      return seen;
    });
    const all = await countEverything(database);
    expect(Object.keys(visible).length).toBeGreaterThan(15);
    for (const table of Object.keys(visible)) expect(all[table], table).toBeDefined();
    expect(all.orders).toBeGreaterThan(0);
    expect(all.customers).toBeGreaterThan(0);
    expect(Object.values(visible).every((n) => n === 0)).toBe(true);
  });
});
