import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { hashToken, randomToken } from "../src/lib/tokens.js";
import { classifyHit } from "../src/modules/links/classify-hit.js";
import { ClickBuffer } from "../src/modules/links/click-buffer.js";
import { LinkCache } from "../src/modules/links/link-cache.js";
import { shortLinkPruneJob } from "../src/modules/links/link-jobs.js";
import { visitorFromCookieHeader } from "../src/modules/links/redirect-answer.js";
import { redirectFastPath } from "../src/modules/links/redirect-fast-path.js";
import { clickBufferOf } from "../src/modules/links/redirect-routes.js";
import {
  buildRedirectLocation,
  fillLocation,
  isAllowedTarget,
  redirectLocationTemplate,
} from "../src/modules/links/redirect-target.js";
import { createShortLink } from "../src/modules/links/short-links.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

const phone =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const desktop =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const android =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

describe("short-link rules (pure)", () => {
  it.each([
    ["/m/shop-a/coupons", true],
    ["/m/shop-a", true],
    ["https://example.com/a?b=1#c", true],
    ["http://example.com", true],
    ["//evil.example.com/x", false],
    ["/admin/settings", false],
    ["javascript:alert(1)", false],
    ["ftp://example.com/file", false],
    ["example.com", false],
  ])("accepts %s as a target: %s", (target, ok) => {
    expect(isAllowedTarget(target)).toBe(ok);
  });

  it("sets the link's UTM over the target's own, keeps other parameters and the fragment, adds the click id", () => {
    const location = new URL(
      buildRedirectLocation(
        "https://shop.example.com/p?id=7&utm_source=old&utm_term=keep#top",
        { source: "wechat", campaign: "double11" },
        "CLICK1",
      ),
    );
    expect(location.searchParams.get("id")).toBe("7");
    expect(location.searchParams.get("utm_source")).toBe("wechat");
    expect(location.searchParams.get("utm_campaign")).toBe("double11");
    expect(location.searchParams.get("utm_term")).toBe("keep");
    expect(location.searchParams.get("qz_click")).toBe("CLICK1");
    expect(location.hash).toBe("#top");
    expect(buildRedirectLocation("/m/shop/coupons", { medium: "qr" }, "X")).toBe(
      "/m/shop/coupons?utm_medium=qr&qz_click=X",
    );
  });

  it("reads the visitor cookie from a Cookie header among others", () => {
    expect(visitorFromCookieHeader("xqz_v=no; qz_v=h%3Aabc; other=1")).toBe("h:abc");
    expect(visitorFromCookieHeader("qz_v=h%3Axyz")).toBe("h:xyz");
    expect(visitorFromCookieHeader("xqz_v=no")).toBeUndefined();
    expect(visitorFromCookieHeader(undefined)).toBeUndefined();
  });

  it("leaves requests to the app once the click buffer has closed with it", async () => {
    const buffer = new ClickBuffer(async (rows) => rows.length, { error() {}, warn() {} });
    const fastPath = redirectFastPath(new LinkCache(undefined as never), buffer, () => new Date());
    const request = { method: "GET", url: "/s/Abcd1234", headers: {} } as IncomingMessage;
    await buffer.close();
    expect(fastPath(request, {} as ServerResponse)).toBe(false);
    expect(fastPath({ ...request, method: "POST" } as IncomingMessage, {} as ServerResponse)).toBe(false);
  });

  it("fills one link's location template with each click's id", () => {
    const template = redirectLocationTemplate("https://shop.example.com/p?id=7#top", { source: "qr" });
    expect(fillLocation(template, "AAA")).toBe(
      "https://shop.example.com/p?id=7&utm_source=qr&qz_click=AAA#top",
    );
    expect(fillLocation(template, "BBB")).toBe(
      "https://shop.example.com/p?id=7&utm_source=qr&qz_click=BBB#top",
    );
  });

  it("reads device, OS and browser and flags bots, preview fetchers and HEAD requests", () => {
    expect(classifyHit(phone, "GET")).toMatchObject({ device: "mobile", os: "iOS", isBot: false });
    expect(classifyHit(desktop, "GET")).toMatchObject({
      device: "desktop",
      os: "Windows",
      browser: "Chrome",
      isBot: false,
    });
    expect(classifyHit(desktop, "HEAD").isBot).toBe(true);
    expect(classifyHit("Googlebot/2.1 (+http://www.google.com/bot.html)", "GET").isBot).toBe(true);
    expect(classifyHit("WhatsApp/2.23.20.0 A", "GET").isBot).toBe(true);
    expect(classifyHit("TelegramBot (like TwitterBot)", "GET").isBot).toBe(true);
    expect(classifyHit("facebookexternalhit/1.1", "GET").isBot).toBe(true);
    expect(classifyHit(null, "GET").isBot).toBe(true);
  });
});

async function count(database: Database, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await withSystem(database, async (tx) => rowsOf<{ n: number }>(await tx.execute(query)));
  return Number(row?.n ?? 0);
}

describeEachDatabase("short links", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use());
  });
  afterAll(async () => {
    await app.close();
  });

  const create = async (body: Record<string, unknown>, key = shop.apiKey) => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/short-links",
      headers: bearer(key),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; slug: string; shortUrl: string; scanUrl: string };
  };
  const stats = async (id: string, key = shop.apiKey) => {
    await clickBufferOf(app).flush();
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/short-links/${id}/stats`,
      headers: bearer(key),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const hit = (slug: string, headers: Record<string, string> = { "user-agent": phone }, suffix = "") =>
    app.inject({ method: "GET", url: `/s/${slug}${suffix}`, headers });

  it("redirects with the UTM values and a click id, and counts the click in the stats", async () => {
    const link = await create({
      title: "Double 11",
      target: "https://shop.example.com/sale?utm_source=old&x=1",
      utm: { source: "wechat", medium: "group", campaign: "d11" },
    });
    expect(link.slug).toMatch(/^[A-Za-z0-9]{7}$/);
    expect(link.shortUrl).toMatch(new RegExp(`/s/${link.slug}$`));
    const res = await hit(link.slug, { "user-agent": phone, referer: "https://weixin.qq.com/some/page" });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(location.origin + location.pathname).toBe("https://shop.example.com/sale");
    expect(location.searchParams.get("utm_source")).toBe("wechat");
    expect(location.searchParams.get("x")).toBe("1");
    const clickId = location.searchParams.get("qz_click");
    expect(clickId).toMatch(/^[A-Za-z0-9]{16}$/);
    const s = await stats(link.id);
    expect(s.totals).toMatchObject({ hits: 1, clicks: 1, scans: 0, human: 1, bots: 0, uniqueVisitors: 1 });
    expect(s.devices).toEqual([{ value: "mobile", hits: 1 }]);
    expect(s.referrers).toEqual([{ value: "weixin.qq.com", hits: 1 }]);
    expect(s.byDay).toHaveLength(1);
    const [row] = await withSystem(use(), async (tx) =>
      rowsOf<{ link_id: string; kind: string; os: string }>(
        await tx.execute(sql`select link_id, kind, os from short_link_clicks where id = ${clickId}`),
      ),
    );
    expect(row).toEqual({ link_id: link.id, kind: "click", os: "iOS" });
  });

  it("tells scans from clicks and counts a visitor once per link per hour", async () => {
    const link = await create({ target: "/m/some-shop/coupons" });
    const first = await hit(link.slug);
    expect(first.headers.location).toMatch(/^\/m\/some-shop\/coupons\?qz_click=/);
    const cookie = first.cookies.find((c) => c.name === "qz_v");
    expect(cookie?.value).toBeTruthy();
    await hit(link.slug, { "user-agent": phone, cookie: `qz_v=${cookie!.value}` });
    await hit(link.slug, { "user-agent": phone, cookie: `qz_v=${cookie!.value}` }, "?src=qr");
    // A different device (no cookie, another user agent) is another visitor.
    await hit(link.slug, { "user-agent": desktop });
    const s = await stats(link.id);
    expect(s.totals).toMatchObject({ hits: 4, clicks: 3, scans: 1, human: 4, uniqueVisitors: 2 });
  });

  it("flags bots and HEAD requests but keeps them, out of human and unique counts", async () => {
    const link = await create({ target: "https://example.com/" });
    expect((await hit(link.slug, { "user-agent": "WhatsApp/2.23.20.0 A" })).statusCode).toBe(302);
    expect(
      (await hit(link.slug, { "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" })).statusCode,
    ).toBe(302);
    const head = await app.inject({
      method: "HEAD",
      url: `/s/${link.slug}`,
      headers: { "user-agent": desktop },
    });
    expect(head.statusCode).toBe(302);
    await hit(link.slug, { "user-agent": android });
    const s = await stats(link.id);
    expect(s.totals).toMatchObject({ hits: 4, human: 1, bots: 3, uniqueVisitors: 1 });
    expect(
      await count(
        use(),
        sql`select count(*)::int as n from short_link_clicks where link_id = ${link.id} and is_bot`,
      ),
    ).toBe(3);
  });

  it("answers a followable link on a real socket before the app's hooks, as the app route would", async () => {
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    const link = await create({ target: "https://shop.example.com/p?x=1", utm: { source: "qr" } });
    const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
      fetch(`${address}${path}`, {
        method,
        redirect: "manual",
        headers: { "user-agent": phone, ...headers },
      });

    const scan = await get(`/s/${link.slug}?src=qr`);
    expect(scan.status).toBe(302);
    // The app's onRequest hook sets x-request-id on everything it answers; the fast path does not run it.
    expect(scan.headers.get("x-request-id")).toBeNull();
    const location = new URL(scan.headers.get("location")!);
    expect(location.searchParams.get("utm_source")).toBe("qr");
    expect(location.searchParams.get("qz_click")).toMatch(/^[A-Za-z0-9]{16}$/);
    const setCookie = scan.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^qz_v=h%3A[\w-]{22}; Max-Age=31536000; Path=\/s; HttpOnly; SameSite=Lax$/);
    // The same device through the app's route gets the same visitor id.
    const viaApp = await hit(link.slug);
    expect(viaApp.headers["x-request-id"]).toBeTruthy();
    expect(viaApp.headers["set-cookie"]).toBe(setCookie);
    const cookie = setCookie.split(";")[0]!;
    expect((await get(`/s/${link.slug}`, { cookie, "user-agent": desktop })).status).toBe(302);
    let s = await stats(link.id);
    expect(s.totals).toMatchObject({ hits: 3, clicks: 2, scans: 1, human: 3, uniqueVisitors: 1 });

    const customerId = (
      await app.inject({
        method: "POST",
        url: "/api/v1/customers",
        headers: bearer(shop.apiKey),
        payload: { name: "Han Meimei", phone: "13800138077" },
      })
    ).json().id as string;
    const { token } = (
      await app.inject({
        method: "POST",
        url: `/api/v1/short-links/${link.id}/personal`,
        headers: bearer(shop.apiKey),
        payload: { customerId },
      })
    ).json() as { token: string };
    const personal = await get(`/s/${link.slug}/${token}`);
    expect(personal.status).toBe(302);
    await clickBufferOf(app).flush();
    const clickId = new URL(personal.headers.get("location")!).searchParams.get("qz_click");
    expect(
      await count(
        use(),
        sql`select count(*)::int as n from short_link_clicks where id = ${clickId} and customer_id = ${customerId}`,
      ),
    ).toBe(1);

    // Everything else goes on to the app's route: HEAD, bad queries, unknown, expired and protected links.
    const head = await get(`/s/${link.slug}`, {}, "HEAD");
    expect([head.status, head.headers.get("x-request-id") !== null]).toEqual([302, true]);
    expect((await get(`/s/${link.slug}?src=${"q".repeat(21)}`)).status).toBe(400);
    expect((await get("/s/Nope1234")).status).toBe(404);
    const locked = await create({ target: "https://example.com/", password: "open sesame" });
    const page = await get(`/s/${locked.slug}`);
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    s = await stats(link.id);
    expect(s.totals).toMatchObject({ hits: 5 });
  });

  it("answers 410 after the expiry or archive and 404 for an unknown slug", async () => {
    const link = await create({
      target: "https://example.com/",
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect((await hit(link.slug)).statusCode).toBe(302);
    const past = new Date(Date.now() - 1000).toISOString();
    const patched = await app.inject({
      method: "PATCH",
      url: `/api/v1/short-links/${link.id}`,
      headers: bearer(shop.apiKey),
      payload: { expiresAt: past },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const gone = await hit(link.slug);
    expect(gone.statusCode).toBe(410);
    expect(gone.headers["content-type"]).toMatch(/text\/html/);
    const other = await create({ target: "https://example.com/" });
    await app.inject({
      method: "DELETE",
      url: `/api/v1/short-links/${other.id}`,
      headers: bearer(shop.apiKey),
    });
    expect((await hit(other.slug)).statusCode).toBe(410);
    expect((await hit("Nope1234")).statusCode).toBe(404);
    expect((await hit(link.slug.replace(/./, "-"))).statusCode).toBe(400);
  });

  it("asks for the password and redirects only with the right one", async () => {
    const link = await create({ target: "https://example.com/secret", password: "open sesame" });
    const form = await hit(link.slug);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('type="password"');
    const post = (password: string) =>
      app.inject({
        method: "POST",
        url: `/s/${link.slug}`,
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": phone },
        payload: `password=${encodeURIComponent(password)}`,
      });
    const wrong = await post("guess");
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("Wrong password");
    const right = await post("open sesame");
    expect(right.statusCode).toBe(302);
    expect(right.headers.location).toMatch(/^https:\/\/example\.com\/secret\?qz_click=/);
    expect((await stats(link.id)).totals.hits).toBe(1);
    const listed = await app.inject({
      method: "GET",
      url: `/api/v1/short-links/${link.id}`,
      headers: bearer(shop.apiKey),
    });
    expect(listed.json()).toMatchObject({ hasPassword: true });
    expect(listed.body).not.toContain("open sesame");
  });

  it("names the customer of a personalised link and counts their orders after the click", async () => {
    const link = await create({ target: "https://example.com/" });
    const customer = await app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: bearer(shop.apiKey),
      payload: { name: "Li Lei", phone: "13800138001" },
    });
    expect(customer.statusCode, customer.body).toBe(201);
    const customerId = customer.json().id as string;
    const personal = await app.inject({
      method: "POST",
      url: `/api/v1/short-links/${link.id}/personal`,
      headers: bearer(shop.apiKey),
      payload: { customerId },
    });
    expect(personal.statusCode, personal.body).toBe(200);
    const again = await app.inject({
      method: "POST",
      url: `/api/v1/short-links/${link.id}/personal`,
      headers: bearer(shop.apiKey),
      payload: { customerId },
    });
    expect(again.json().token).toBe(personal.json().token);
    const res = await hit(link.slug, { "user-agent": phone }, `/${personal.json().token}`);
    expect(res.statusCode).toBe(302);
    await clickBufferOf(app).flush();
    const order = (externalId: string, placedAt: Date, unitPrice: number) =>
      app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: bearer(shop.apiKey),
        payload: {
          externalId,
          customer: { id: customerId },
          placedAt: placedAt.toISOString(),
          items: [{ sku: "A", name: "Tea", quantity: 1, unitPrice }],
        },
      });
    expect((await order("before-click", new Date(Date.now() - 3600_000), 500)).statusCode).toBe(201);
    expect((await order("after-click", new Date(Date.now() + 60_000), 1200)).statusCode).toBe(201);
    expect((await order("too-late", new Date(Date.now() + 9 * 86_400_000), 900)).statusCode).toBe(201);
    const s = await stats(link.id);
    expect(s).toMatchObject({ customersReached: 1, orders: 1, buyers: 1, revenue: 1200, windowDays: 7 });
  });

  it("lets the member page name its signed-in member as the visitor of the click that brought them", async () => {
    const link = await create({ target: `/m/${shop.merchant.slug}` });
    const token = randomToken(43);
    const customerId = await withSystem(use(), async (tx) => {
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(
          sql`insert into customers (merchant_id, name) values (${shop.merchant.id}, '王会员') returning id`,
        ),
      );
      await tx.execute(sql`insert into member_sessions (merchant_id, token_hash, customer_id, expires_at)
        values (${shop.merchant.id}, ${hashToken(token)}, ${row!.id}, now() + interval '1 day')`);
      return row!.id;
    });
    const res = await hit(link.slug);
    const clickId = new URL(res.headers.location as string, "http://x").searchParams.get("qz_click")!;
    const claim = (id: string) =>
      app.inject({
        method: "POST",
        url: `/api/m/${shop.merchant.slug}/link-clicks/claim`,
        headers: { cookie: `quanzi_member=${token}`, "x-requested-with": "quanzi" },
        payload: { clickId: id },
      });
    const first = await claim(clickId);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ claimed: true });
    expect((await claim(clickId)).json()).toEqual({ claimed: false });
    expect((await claim("A".repeat(16))).json()).toEqual({ claimed: false });
    expect((await claim("short")).statusCode).toBe(400);
    const s = await stats(link.id);
    expect(s.customersReached).toBe(1);
    const [row] = await withSystem(use(), async (tx) =>
      rowsOf<{ customer_id: string }>(
        await tx.execute(sql`select customer_id from short_link_clicks where id = ${clickId}`),
      ),
    );
    expect(row?.customer_id).toBe(customerId);
  });

  it("records every click of 2,000 parallel requests", async () => {
    const link = await create({ target: "https://example.com/load" });
    const responses = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        hit(link.slug, {
          "user-agent": i % 2 ? phone : desktop,
          "x-forwarded-for": `10.0.${i >> 8}.${i & 255}`,
        }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 302)).toBe(true);
    const clickIds = new Set(
      responses.map((r) => new URL(r.headers.location as string).searchParams.get("qz_click")),
    );
    expect(clickIds.size).toBe(2000);
    await clickBufferOf(app).flush();
    expect(
      await count(use(), sql`select count(*)::int as n from short_link_clicks where link_id = ${link.id}`),
    ).toBe(2000);
    const s = await stats(link.id);
    expect(s.totals).toMatchObject({ hits: 2000, human: 2000, uniqueVisitors: 2000 });
  });

  it("writes the buffered clicks when the app closes", async () => {
    const second = await buildTestApp(use(), { clickFlushMs: 60_000 });
    const link = await create({ target: "https://example.com/close" });
    for (let i = 0; i < 300; i++) {
      const res = await second.inject({
        method: "GET",
        url: `/s/${link.slug}`,
        headers: { "user-agent": phone },
      });
      expect(res.statusCode).toBe(302);
    }
    expect(clickBufferOf(second).size).toBe(300);
    expect(
      await count(use(), sql`select count(*)::int as n from short_link_clicks where link_id = ${link.id}`),
    ).toBe(0);
    await second.close();
    expect(
      await count(use(), sql`select count(*)::int as n from short_link_clicks where link_id = ${link.id}`),
    ).toBe(300);
    const daily = await count(
      use(),
      sql`select sum(hits)::int as n from short_link_daily where link_id = ${link.id}`,
    );
    expect(daily).toBe(300);
  });

  it("rebuilds the rollups from the raw clicks", async () => {
    const link = await create({ target: "https://example.com/recount" });
    await hit(link.slug, { "user-agent": phone });
    await hit(link.slug, { "user-agent": desktop });
    await hit(link.slug, { "user-agent": "facebookexternalhit/1.1" });
    const before = await stats(link.id);
    // Pretend an older rule missed the preview fetcher and that a rollup drifted.
    await withSystem(use(), async (tx) => {
      await tx.execute(sql`update short_link_clicks set is_bot = false where link_id = ${link.id}`);
      await tx.execute(sql`update short_link_daily set hits = 99, human = 99 where link_id = ${link.id}`);
    });
    const recount = await app.inject({
      method: "POST",
      url: `/api/v1/short-links/${link.id}/recount`,
      headers: bearer(shop.apiKey),
    });
    expect(recount.statusCode, recount.body).toBe(200);
    expect(recount.json().reclassified).toBe(1);
    const after = await stats(link.id);
    expect(after.totals).toEqual(before.totals);
    expect(after.devices).toEqual(before.devices);
  });

  it("prunes visitor-hours past their use and keeps the recent ones and the stats", async () => {
    const link = await create({ target: "https://example.com/prune" });
    await hit(link.slug);
    const before = await stats(link.id);
    await withSystem(use(), (tx) =>
      tx.execute(sql`insert into short_link_visitor_hours (merchant_id, link_id, hour, visitor, day)
        select ${shop.merchant.id}::uuid, ${link.id}::uuid, date_trunc('hour', now()) - make_interval(hours => h), 'old-' || h,
               current_date - 3
        from generate_series(49, 60) h`),
    );
    const run = shortLinkPruneJob.run as unknown as (context: {
      database: Database;
    }) => Promise<{ deleted: number }>;
    const result = await run({ database: use() });
    expect(result.deleted).toBeGreaterThanOrEqual(12);
    expect(
      await count(
        use(),
        sql`select count(*)::int as n from short_link_visitor_hours where link_id = ${link.id}`,
      ),
    ).toBe(1);
    expect((await stats(link.id)).totals).toEqual(before.totals);
  });

  it("keeps each shop's links and stats to itself", async () => {
    const mine = await create({ target: "https://example.com/mine" });
    for (const url of [
      `/api/v1/short-links/${mine.id}`,
      `/api/v1/short-links/${mine.id}/stats`,
      `/api/v1/short-links/${mine.id}/qr`,
    ]) {
      const res = await app.inject({ method: "GET", url, headers: bearer(other.apiKey) });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe("not_found");
    }
    const patch = await app.inject({
      method: "PATCH",
      url: `/api/v1/short-links/${mine.id}`,
      headers: bearer(other.apiKey),
      payload: { target: "https://evil.example.com/" },
    });
    expect(patch.statusCode).toBe(404);
    const list = await app.inject({
      method: "GET",
      url: "/api/v1/short-links?limit=200",
      headers: bearer(other.apiKey),
    });
    expect(list.json().data.map((l: { id: string }) => l.id)).not.toContain(mine.id);
    // Row-level security: the other shop's transaction sees none of this shop's clicks.
    await hit(mine.slug);
    await clickBufferOf(app).flush();
    const seen = await withMerchant(use(), other.merchant.id, async (tx) =>
      rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from short_link_clicks where link_id = ${mine.id}`),
      ),
    );
    expect(seen[0]?.n).toBe(0);
  });

  it("refuses bad input with a code and writes nothing", async () => {
    const before = await count(use(), sql`select count(*)::int as n from short_links`);
    for (const payload of [
      {},
      { target: "javascript:alert(1)" },
      { target: "//evil.example.com" },
      { target: "https://example.com", utm: { source: "" } },
      { target: "https://example.com", utm: { evil: "x" } },
      { target: "https://example.com", expiresAt: "tomorrow" },
      { target: "https://example.com", expiresAt: new Date(Date.now() - 60_000).toISOString() },
      { target: "https://example.com", password: "abc" },
      { target: "https://example.com", slug: "mine" },
    ]) {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/short-links",
        headers: bearer(shop.apiKey),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
    const bad = await app.inject({
      method: "GET",
      url: `/api/v1/short-links/${randomUUID()}`,
      headers: bearer(shop.apiKey),
    });
    expect(bad.statusCode).toBe(404);
    const noAuth = await app.inject({ method: "GET", url: "/api/v1/short-links" });
    expect(noAuth.statusCode).toBe(401);
    expect(await count(use(), sql`select count(*)::int as n from short_links`)).toBe(before);
  });

  it("pages the list with a cursor and searches it", async () => {
    for (let i = 0; i < 3; i++)
      await create({ title: `Paged ${i}`, target: "https://example.com/paged" }, other.apiKey);
    const first = await app.inject({
      method: "GET",
      url: "/api/v1/short-links?limit=2&q=paged",
      headers: bearer(other.apiKey),
    });
    expect(first.json().data).toHaveLength(2);
    const next = first.json().nextCursor as string;
    const second = await app.inject({
      method: "GET",
      url: `/api/v1/short-links?limit=2&q=paged&cursor=${next}`,
      headers: bearer(other.apiKey),
    });
    expect(second.json().data).toHaveLength(1);
    expect(second.json().nextCursor).toBeNull();
  });

  it("draws QR codes of the scan URL as PNG and SVG, and lets services create links", async () => {
    const row = await withMerchant(use(), shop.merchant.id, (tx) =>
      createShortLink(tx, shop.merchant.id, { target: "/m/x/checkin", origin: "calendar" }),
    );
    const png = await app.inject({
      method: "GET",
      url: `/api/v1/short-links/${row.id}/qr`,
      headers: bearer(shop.apiKey),
    });
    expect(png.statusCode).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.rawPayload.subarray(1, 4).toString()).toBe("PNG");
    const svg = await app.inject({
      method: "GET",
      url: `/api/v1/short-links/${row.id}/qr?format=svg`,
      headers: bearer(shop.apiKey),
    });
    expect(svg.headers["content-type"]).toMatch(/image\/svg\+xml/);
    expect(svg.body).toContain("<svg");
    const scanned = await hit(row.slug, { "user-agent": phone }, "?src=qr");
    expect(scanned.statusCode).toBe(302);
    expect((await stats(row.id)).totals).toMatchObject({ scans: 1, clicks: 0 });
  });
});
