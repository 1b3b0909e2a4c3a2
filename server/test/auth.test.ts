import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../src/http/app-types.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient, staffClientFrom, startSmsCapture } from "./support/sessions.js";

describeEachDatabase("first-run setup", (use) => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(use());
  });
  afterAll(() => app.close());

  it("creates the first shop once, signed in, and refuses a second setup", async () => {
    expect((await app.inject({ method: "GET", url: "/api/setup/status" })).json()).toEqual({
      needsSetup: true,
    });
    const body = {
      shop: { name: "鲜果铺", slug: "xianguo" },
      owner: { name: "店长", email: "Owner@Example.com", password: "long enough secret" },
    };
    const [first, second] = await Promise.all([
      app.inject({ method: "POST", url: "/api/setup", payload: body }),
      app.inject({
        method: "POST",
        url: "/api/setup",
        payload: { ...body, shop: { name: "B", slug: "other" } },
      }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    const winner = first.statusCode === 201 ? first : second;
    expect(winner.json()).toMatchObject({ role: "owner", user: { email: "owner@example.com" } });
    expect(winner.cookies.find((c) => c.name === "quanzi_session")?.httpOnly).toBe(true);
    expect((await app.inject({ method: "GET", url: "/api/setup/status" })).json()).toEqual({
      needsSetup: false,
    });
  });
});

describeEachDatabase("staff sign-in, roles and administration", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(() => app.close());

  it("refuses a wrong password without saying which part was wrong", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: shop.ownerEmail, password: "wrong password" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("invalid_credentials");
    const unknown = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "nobody@example.com", password: "wrong password" },
    });
    expect(unknown.json().error.message).toBe(res.json().error.message);
  });

  it("requires the CSRF token on cookie-authenticated writes", async () => {
    const withoutToken = await app.inject({
      method: "POST",
      url: "/api/v1/customers",
      payload: { name: "x" },
      headers: { cookie: owner.cookie },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe("csrf_failed");
    const read = await app.inject({
      method: "GET",
      url: "/api/v1/customers",
      headers: { cookie: owner.cookie },
    });
    expect(read.statusCode).toBe(200);
    const withToken = await owner.call("POST", "/api/v1/customers", { name: "带令牌" });
    expect(withToken.statusCode).toBe(201);
  });

  it("describes the session and signs out", async () => {
    const session = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    const me = await session.call("GET", "/api/auth/me");
    expect(me.json()).toMatchObject({ role: "owner", merchant: { id: shop.merchant.id } });
    expect(me.json().permissions).toContain("staff:manage");
    expect((await session.call("POST", "/api/auth/logout")).statusCode).toBe(204);
    expect((await session.call("GET", "/api/auth/me")).statusCode).toBe(401);
  });

  it("invites a clerk, who signs up through the link and may not manage staff", async () => {
    const invite = await owner.call("POST", "/api/v1/staff/invitations", {
      email: "clerk@example.com",
      role: "clerk",
      name: "收银员",
    });
    expect(invite.statusCode).toBe(201);
    const token = invite.json().acceptUrl.split("/invite/")[1];
    const about = await app.inject({ method: "GET", url: `/api/auth/invitations/${token}` });
    expect(about.json()).toMatchObject({ email: "clerk@example.com", role: "clerk", hasAccount: false });
    const accepted = await app.inject({
      method: "POST",
      url: `/api/auth/invitations/${token}/accept`,
      payload: { password: "clerk password 1" },
    });
    expect(accepted.statusCode).toBe(200);
    const clerk = staffClientFrom(app, accepted);
    expect((await clerk.call("GET", "/api/v1/staff")).statusCode).toBe(403);
    expect((await clerk.call("GET", "/api/v1/api-keys")).statusCode).toBe(403);
    expect((await clerk.call("PATCH", "/api/v1/settings", { name: "x" })).statusCode).toBe(403);
    expect((await clerk.call("GET", "/api/v1/customers")).statusCode).toBe(200);
    const again = await app.inject({
      method: "POST",
      url: `/api/auth/invitations/${token}/accept`,
      payload: { password: "clerk password 1" },
    });
    expect(again.statusCode).toBe(410);

    const staff = (await owner.call("GET", "/api/v1/staff")).json().data;
    const clerkRow = staff.find((s: { email: string }) => s.email === "clerk@example.com");
    const promoted = await owner.call("PATCH", `/api/v1/staff/${clerkRow.id}`, { role: "operator" });
    expect(promoted.json().role).toBe("operator");
    const disabled = await owner.call("PATCH", `/api/v1/staff/${clerkRow.id}`, { status: "disabled" });
    expect(disabled.json().status).toBe("disabled");
    expect((await clerk.call("GET", "/api/v1/customers")).statusCode).toBe(401);
  });

  it("keeps one active owner", async () => {
    const staff = (await owner.call("GET", "/api/v1/staff")).json().data;
    const me = staff.find((s: { role: string }) => s.role === "owner");
    const res = await owner.call("PATCH", `/api/v1/staff/${me.id}`, { role: "manager" });
    expect(res.statusCode).toBe(403);
  });

  it("creates API keys shown once, which work until revoked", async () => {
    const created = await owner.call("POST", "/api/v1/api-keys", { name: "POS" });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^qz_/);
    const list = (await owner.call("GET", "/api/v1/api-keys")).json().data;
    expect(JSON.stringify(list)).not.toContain(key);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/customers", headers: bearer(key) })).statusCode,
    ).toBe(200);
    expect((await app.inject({ method: "GET", url: "/api/v1/staff", headers: bearer(key) })).statusCode).toBe(
      403,
    );
    expect((await owner.call("DELETE", `/api/v1/api-keys/${apiKey.id}`)).statusCode).toBe(200);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/customers", headers: bearer(key) })).statusCode,
    ).toBe(401);
  });

  it("manages stores and settings, and audits the changes", async () => {
    const store = await owner.call("POST", "/api/v1/stores", { code: "S1", name: "文三路店", city: "杭州" });
    expect(store.statusCode).toBe(201);
    expect((await owner.call("POST", "/api/v1/stores", { code: "S1", name: "重复" })).statusCode).toBe(409);
    const renamed = await owner.call("PATCH", `/api/v1/stores/${store.json().id}`, { name: "文三路旗舰店" });
    expect(renamed.json().name).toBe("文三路旗舰店");
    const settings = await owner.call("PATCH", "/api/v1/settings", { timeZone: "Asia/Tokyo", locale: "en" });
    expect(settings.json()).toMatchObject({ timeZone: "Asia/Tokyo", locale: "en" });
    expect((await owner.call("PATCH", "/api/v1/settings", { timeZone: "Mars/Olympus" })).statusCode).toBe(
      400,
    );
    expect((await owner.call("DELETE", `/api/v1/stores/${store.json().id}`)).statusCode).toBe(204);
    const audit = (await owner.call("GET", "/api/v1/audit"))
      .json()
      .data.map((a: { action: string }) => a.action);
    expect(audit).toEqual(
      expect.arrayContaining(["store.create", "store.update", "store.delete", "settings.update"]),
    );
  });
});

describeEachDatabase("member sign-in with a one-time code", (use) => {
  let app: App;
  let sms: Awaited<ReturnType<typeof startSmsCapture>>;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  const member = (slug: string) => `/api/m/${slug}`;
  const post = (url: string, payload: unknown, cookie?: string) =>
    app.inject({
      method: "POST",
      url,
      payload: payload as object,
      headers: { "x-requested-with": "quanzi", ...(cookie ? { cookie } : {}) },
    });

  beforeAll(async () => {
    sms = await startSmsCapture();
    app = await buildTestApp(use(), { smsSender: "webhook", smsWebhookUrl: sms.url });
    shop = await createTestMerchant(use());
  });
  afterAll(async () => {
    await app.close();
    await sms.close();
  });

  it("signs in a phone with its code, shows its orders and saves profile changes", async () => {
    const slug = shop.merchant.slug;
    await app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: bearer(shop.apiKey),
      payload: {
        externalId: "M-1",
        customer: { phone: "13800000001" },
        placedAt: "2026-11-01T10:00:00+08:00",
        items: [{ sku: "A", name: "苹果", quantity: 1, unitPrice: 990 }],
      },
    });
    expect((await post(`${member(slug)}/otp`, { phone: "13800000001" })).statusCode).toBe(200);
    const tooSoon = await post(`${member(slug)}/otp`, { phone: "13800000001" });
    expect(tooSoon.statusCode).toBe(429);
    const wrong = await post(`${member(slug)}/login`, { phone: "13800000001", code: "000000" });
    expect(wrong.statusCode).toBe(401);
    const login = await post(`${member(slug)}/login`, {
      phone: "13800000001",
      code: sms.lastCodeFor("13800000001"),
    });
    expect(login.statusCode).toBe(200);
    const cookie = `quanzi_member=${login.cookies.find((c) => c.name === "quanzi_member")!.value}`;
    const orders = await app.inject({ method: "GET", url: `${member(slug)}/orders`, headers: { cookie } });
    expect(orders.json().data.map((o: { externalId: string }) => o.externalId)).toEqual(["M-1"]);
    const noHeader = await app.inject({
      method: "PATCH",
      url: `${member(slug)}/me`,
      payload: { name: "x" },
      headers: { cookie },
    });
    expect(noHeader.statusCode).toBe(403);
    const saved = await app.inject({
      method: "PATCH",
      url: `${member(slug)}/me`,
      payload: { name: "新名字", gender: "female" },
      headers: { cookie, "x-requested-with": "quanzi" },
    });
    expect(saved.json()).toMatchObject({ name: "新名字", gender: "female", phone: "13800000001" });
    const reused = await post(`${member(slug)}/login`, {
      phone: "13800000001",
      code: sms.lastCodeFor("13800000001"),
    });
    expect(reused.statusCode).toBe(401);
  });

  it("locks a code after five wrong attempts, even when guessed in parallel", async () => {
    const slug = shop.merchant.slug;
    await post(`${member(slug)}/otp`, { phone: "13800000002" });
    const code = sms.lastCodeFor("13800000002")!;
    const wrongCode = code === "111111" ? "222222" : "111111";
    await Promise.all(
      Array.from({ length: 8 }, () =>
        post(`${member(slug)}/login`, { phone: "13800000002", code: wrongCode }),
      ),
    );
    const right = await post(`${member(slug)}/login`, { phone: "13800000002", code });
    expect(right.statusCode).toBe(401);
    expect(right.json().error.details.reason).toBe("exhausted");
  });

  it("keeps members out of staff routes and other shops", async () => {
    const other = await createTestMerchant(use(), "Other");
    const slug = shop.merchant.slug;
    await post(`${member(slug)}/otp`, { phone: "13800000003" });
    const login = await post(`${member(slug)}/login`, {
      phone: "13800000003",
      code: sms.lastCodeFor("13800000003"),
    });
    const cookie = `quanzi_member=${login.cookies.find((c) => c.name === "quanzi_member")!.value}`;
    expect(
      (await app.inject({ method: "GET", url: `${member(other.merchant.slug)}/me`, headers: { cookie } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/customers", headers: { cookie } })).statusCode,
    ).toBe(401);
    expect((await app.inject({ method: "GET", url: `${member("no-such-shop")}/shop` })).statusCode).toBe(404);
  });
});

describeEachDatabase("rate limits", (use) => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(use());
  });
  afterAll(() => app.close());

  it("slows down password guessing from one address", async () => {
    const attempt = () =>
      app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: "a@example.com", password: "guess" },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
  });
});
