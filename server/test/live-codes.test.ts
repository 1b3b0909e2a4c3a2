import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withSystem } from "../src/db/tenant.js";
import { roleHas } from "../src/http/access.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { seedCommunity, seedStaff } from "./support/channel-fixtures.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient, startSmsCapture } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;
const iphone =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40";

describeEachDatabase("live codes over HTTP", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;
  let owner: StaffClient;
  let stranger: StaffClient;
  let sms: Awaited<ReturnType<typeof startSmsCapture>>;

  beforeAll(async () => {
    sms = await startSmsCapture();
    app = await buildTestApp(use(), { smsSender: "webhook", smsWebhookUrl: sms.url });
    shop = await createTestMerchant(use(), "圈子咖啡");
    other = await createTestMerchant(use(), "隔壁面包");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    stranger = await loginStaff(app, other.ownerEmail, other.ownerPassword);
  });
  afterAll(async () => {
    await sms.close();
  });

  const count = async (table: string) =>
    withSystem(
      use(),
      async (tx) =>
        rowsOf<{ n: number }>(await tx.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n,
    );

  /** A new customer signs in on the landing page with phone + SMS code and joins. */
  async function joinAsNew(slug: string, code: string, phone: string, extra = {}) {
    const otp = await app.inject({
      method: "POST",
      url: `/api/m/${slug}/otp`,
      headers: { "x-requested-with": "quanzi" },
      payload: { phone },
    });
    expect(otp.statusCode).toBe(200);
    const res = await app.inject({
      method: "POST",
      url: `/api/m/${slug}/join/${code}`,
      headers: { "x-requested-with": "quanzi" },
      payload: { phone, code: sms.lastCodeFor(phone), ...extra },
    });
    const cookie = res.cookies.find((c) => c.name === "quanzi_member");
    return { res, cookie: cookie ? `quanzi_member=${cookie.value}` : "" };
  }

  const scan = (code: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url: `/c/${code}`, headers: { "user-agent": iphone, ...headers } });

  it("scan → landing → a new customer joins with phone + code: routed, tagged, welcomed; again: the same target; counted in the stats", async () => {
    const small = await seedCommunity(use(), shop.merchant.id, { name: "咖啡一群", capacity: 1 });
    const big = await seedCommunity(use(), shop.merchant.id, { name: "咖啡二群", capacity: 200 });
    const tag = await owner.call("POST", "/api/v1/tags", { name: "柜台码来的", kind: "manual" });
    expect(tag.statusCode).toBe(201);
    const created = await owner.call("POST", "/api/v1/live-codes", {
      name: "门店柜台",
      kind: "store",
      strategy: "fill",
      cost: 10_000,
      tagIds: [tag.json().id],
      welcomeMessage: "欢迎加入圈子咖啡！",
      welcomePoints: 20,
      targets: [
        { kind: "community", communityId: small },
        { kind: "community", communityId: big },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const code = created.json();
    expect(code.code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(code.path).toBe(`/c/${code.code}`);

    const first = await scan(code.code);
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe(`/m/${shop.merchant.slug}/join/${code.code}`);
    const visitor = first.cookies.find((c) => c.name === "quanzi_visitor");
    expect(visitor?.value).toBeTruthy();
    expect((await scan(code.code, { cookie: `quanzi_visitor=${visitor?.value}` })).statusCode).toBe(302);
    expect(
      (await scan(code.code, { "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" })).statusCode,
    ).toBe(302);
    expect((await scan("NoSuchCode1")).statusCode).toBe(404);

    const landing = await app.inject({
      method: "GET",
      url: `/api/m/${shop.merchant.slug}/join/${code.code}`,
    });
    expect(landing.json()).toMatchObject({
      shopName: "圈子咖啡",
      name: "门店柜台",
      welcomeMessage: "欢迎加入圈子咖啡！",
      active: true,
    });

    const alice = await joinAsNew(shop.merchant.slug, code.code, "13800138001");
    expect(alice.res.statusCode, alice.res.body).toBe(200);
    const joined = alice.res.json();
    expect(joined).toMatchObject({
      newMember: true,
      sticky: false,
      allFull: false,
      welcomeMessage: "欢迎加入圈子咖啡！",
      gift: { points: 20, couponIssued: false },
      target: {
        kind: "community",
        communityId: small,
        name: "咖啡一群",
        joinUrl: "https://weixin.qq.com/g/example",
      },
    });
    const again = await app.inject({
      method: "POST",
      url: `/api/m/${shop.merchant.slug}/join/${code.code}`,
      headers: { "x-requested-with": "quanzi", cookie: alice.cookie },
      payload: {},
    });
    expect(again.json()).toMatchObject({ sticky: true, newMember: false, target: { communityId: small } });
    const points = await app.inject({
      method: "GET",
      url: `/api/v1/customers/${joined.customerId}/points`,
      headers: bearer(shop.apiKey),
    });
    expect(points.json().balance).toBe(20);
    const tagged = await app.inject({
      method: "GET",
      url: `/api/v1/customers/${joined.customerId}/tags`,
      headers: bearer(shop.apiKey),
    });
    expect(JSON.stringify(tagged.json())).toContain("柜台码来的");

    const bob = await joinAsNew(shop.merchant.slug, code.code, "13800138002");
    expect(bob.res.json().target).toMatchObject({ communityId: big });

    // Alice orders after joining (counts); an order placed before her join does not.
    for (const [externalId, placedAt, price] of [
      ["lc-after", new Date(Date.now() + 60_000), 3_500],
      ["lc-before", new Date(Date.now() - 86_400_000), 9_900],
    ] as const) {
      const order = await app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: bearer(shop.apiKey),
        payload: {
          externalId,
          customer: { id: joined.customerId },
          placedAt: placedAt.toISOString(),
          items: [{ sku: "latte", name: "拿铁", quantity: 1, unitPrice: price }],
        },
      });
      expect(order.statusCode, order.body).toBe(201);
    }
    const list = await owner.call("GET", "/api/v1/live-codes");
    const row = list.json().data.find((c: { id: string }) => c.id === code.id);
    expect(row.stats).toEqual({
      scans: 2,
      uniqueScanners: 1,
      joins: 2,
      newMembers: 2,
      firstOrders: 1,
      revenue: 3_500,
      costPerJoin: 5_000,
    });
    const attribution = await owner.call("GET", "/api/v1/live-codes/attribution");
    expect(attribution.json().kinds.find((k: { kind: string }) => k.kind === "store")).toMatchObject({
      joins: 2,
      revenue: 3_500,
      cost: 10_000,
    });
    const detail = await owner.call("GET", `/api/v1/live-codes/${code.id}`);
    expect(detail.json().targets.map((t: { assigned: number }) => t.assigned)).toEqual([1, 1]);
  });

  it("answers clearly when every target is full, and 410 once the code is archived", async () => {
    const clerk = await seedStaff(use(), shop.merchant.id, "小李");
    const created = await owner.call("POST", "/api/v1/live-codes", {
      name: "员工码",
      kind: "other",
      strategy: "fill",
      targets: [{ kind: "staff", staffId: clerk, dailyLimit: 1 }],
    });
    const code = created.json();
    const first = await joinAsNew(shop.merchant.slug, code.code, "13800138003");
    expect(first.res.json()).toMatchObject({
      allFull: false,
      target: { kind: "staff", staffId: clerk, name: "小李" },
    });
    const second = await joinAsNew(shop.merchant.slug, code.code, "13800138004");
    expect(second.res.json()).toMatchObject({ allFull: true, target: null });
    expect((await owner.call("DELETE", `/api/v1/live-codes/${code.id}`)).statusCode).toBe(204);
    const gone = await joinAsNew(shop.merchant.slug, code.code, "13800138005");
    expect(gone.res.statusCode).toBe(410);
    expect(gone.res.json().error.code).toBe("gone");
  });

  it("store codes: stores take coordinates, and a newcomer's location or city picks the nearest store's group", async () => {
    const store = async (code: string, name: string, city: string, latitude: number, longitude: number) => {
      const res = await owner.call("POST", "/api/v1/stores", { code, name, city, latitude, longitude });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ latitude, longitude });
      return res.json().id as string;
    };
    const sh = await store("SH1", "上海店", "上海", 31.23, 121.47);
    const hz = await store("HZ1", "杭州店", "杭州", 30.27, 120.15);
    const shGroup = await seedCommunity(use(), shop.merchant.id, { name: "上海群" });
    const hzGroup = await seedCommunity(use(), shop.merchant.id, { name: "杭州群" });
    const code = (
      await owner.call("POST", "/api/v1/live-codes", {
        name: "门店码",
        kind: "store",
        strategy: "store",
        targets: [
          { kind: "community", communityId: shGroup, storeId: sh },
          { kind: "community", communityId: hzGroup, storeId: hz },
        ],
      })
    ).json();
    const landing = await app.inject({
      method: "GET",
      url: `/api/m/${shop.merchant.slug}/join/${code.code}`,
    });
    expect(landing.json()).toMatchObject({ asksWhereabouts: true, cities: ["上海", "杭州"] });
    const near = await joinAsNew(shop.merchant.slug, code.code, "13800138011", {
      latitude: 30.25,
      longitude: 120.2,
    });
    expect(near.res.json().target).toMatchObject({ communityId: hzGroup });
    const byCity = await joinAsNew(shop.merchant.slug, code.code, "13800138012", { city: "上海" });
    expect(byCity.res.json().target).toMatchObject({ communityId: shGroup });
  });

  it("gives the welcome coupon once per customer through the promotions issue", async () => {
    const template = await owner.call("POST", "/api/v1/coupon-templates", {
      name: "入群礼 满50减5",
      rule: { kind: "amount_off", amountOff: 500, minSpend: 5000 },
      validity: { type: "days_after_issue", days: 30 },
      stock: 10,
    });
    expect(template.statusCode, template.body).toBe(201);
    const g = await seedCommunity(use(), shop.merchant.id, { name: "券群" });
    const code = (
      await owner.call("POST", "/api/v1/live-codes", {
        name: "送券码",
        kind: "online",
        strategy: "fill",
        welcomeCouponTemplateId: template.json().id,
        targets: [{ kind: "community", communityId: g }],
      })
    ).json();
    const first = await joinAsNew(shop.merchant.slug, code.code, "13800138021");
    expect(first.res.json().gift).toEqual({ points: 0, couponIssued: true });
    const again = await app.inject({
      method: "POST",
      url: `/api/m/${shop.merchant.slug}/join/${code.code}`,
      headers: { "x-requested-with": "quanzi", cookie: first.cookie },
      payload: {},
    });
    expect(again.json()).toMatchObject({ sticky: true });
    const coupons = await app.inject({
      method: "GET",
      url: `/api/v1/coupons?customerId=${first.res.json().customerId}`,
      headers: { cookie: owner.cookie },
    });
    expect(coupons.json().data).toHaveLength(1);
  });

  it("serves the QR as PNG and SVG and an A4 poster with the shop name", async () => {
    const g = await seedCommunity(use(), shop.merchant.id, { name: "海报群" });
    const code = (
      await owner.call("POST", "/api/v1/live-codes", {
        name: "十一月传单",
        kind: "flyer",
        strategy: "fill",
        targets: [{ kind: "community", communityId: g }],
      })
    ).json();
    const png = await owner.call("GET", `/api/v1/live-codes/${code.id}/qr?format=png&download=1`);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.rawPayload.subarray(1, 4).toString()).toBe("PNG");
    expect(png.headers["content-disposition"]).toContain(`livecode-${code.code}.png`);
    const svg = await owner.call("GET", `/api/v1/live-codes/${code.id}/qr?format=svg`);
    expect(svg.headers["content-type"]).toContain("image/svg+xml");
    expect(svg.body).toContain("<svg");
    const poster = await owner.call(
      "GET",
      `/api/v1/live-codes/${code.id}/poster?line=${encodeURIComponent("扫码领券")}`,
    );
    expect(poster.body).toContain('viewBox="0 0 210 297"');
    expect(poster.body).toContain("圈子咖啡");
    expect(poster.body).toContain("十一月传单");
    expect(poster.body).toContain("扫码领券");
    expect(poster.body).toContain(`/c/${code.code}`);
  });

  it("lists groups nearly full and QR images expiring within 24 hours", async () => {
    const g = await seedCommunity(use(), shop.merchant.id, { name: "将过期群", capacity: 2 });
    await withSystem(use(), (tx) =>
      tx.execute(sql`update communities set join_qr_image = '\\x89504e47'::bytea, join_qr_content_type = 'image/png',
        join_qr_expires_at = now() + interval '10 hours' where id = ${g}`),
    );
    const code = (
      await owner.call("POST", "/api/v1/live-codes", {
        name: "预警码",
        kind: "online",
        strategy: "fill",
        warnPercent: 50,
        targets: [{ kind: "community", communityId: g }],
      })
    ).json();
    await joinAsNew(shop.merchant.slug, code.code, "13800138006");
    const warnings = (await owner.call("GET", "/api/v1/live-codes/warnings"))
      .json()
      .data.filter((w: { liveCodeId: string }) => w.liveCodeId === code.id);
    expect(warnings.map((w: { kind: string }) => w.kind).sort()).toEqual(["nearly_full", "qr_expiring"]);
  });

  it("lets a staff member switch only themself on or off duty and upload their own QR", async () => {
    const off = await owner.call("PUT", "/api/v1/channels/me/duty", { onDuty: false });
    expect(off.json()).toMatchObject({ staffId: shop.ownerStaffId, onDuty: false });
    const qr = await owner.call("PUT", "/api/v1/channels/me/qr", {
      contentType: "image/png",
      imageBase64: Buffer.from("\x89PNG fake image bytes").toString("base64"),
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(qr.json()).toMatchObject({ onDuty: false, hasQrImage: true });
    expect(
      (await owner.call("PUT", "/api/v1/channels/me/duty", { onDuty: true, staffId: shop.ownerStaffId }))
        .statusCode,
    ).toBe(400);
    expect((await stranger.call("GET", "/api/v1/channels/me")).json()).toMatchObject({
      onDuty: true,
      hasQrImage: false,
    });
    await owner.call("PUT", "/api/v1/channels/me/duty", { onDuty: true });
    const code = (
      await owner.call("POST", "/api/v1/live-codes", {
        name: "店长码",
        kind: "other",
        strategy: "fill",
        targets: [{ kind: "staff", staffId: shop.ownerStaffId }],
      })
    ).json();
    const joined = await joinAsNew(shop.merchant.slug, code.code, "13800138009");
    expect(joined.res.json().target).toMatchObject({
      kind: "staff",
      staffId: shop.ownerStaffId,
      hasQrImage: true,
    });
    const image = await app.inject({
      method: "GET",
      url: `/api/m/${shop.merchant.slug}/join/${code.code}/target-qr`,
      headers: { cookie: joined.cookie },
    });
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.rawPayload.toString()).toBe("\x89PNG fake image bytes");
  });

  it("refuses bad input with a code and writes nothing; other shops' ids are unknown", async () => {
    const g = await seedCommunity(use(), shop.merchant.id, { name: "校验群" });
    const foreign = await seedCommunity(use(), other.merchant.id, { name: "别人的群" });
    const before = await count("live_codes");
    const bad: [unknown, number, string][] = [
      [{}, 400, "validation_failed"],
      [
        { name: "x", kind: "tv", strategy: "fill", targets: [{ kind: "community", communityId: g }] },
        400,
        "validation_failed",
      ],
      [{ name: "x", kind: "flyer", strategy: "fill", targets: [] }, 400, "validation_failed"],
      [
        { name: "x", kind: "flyer", strategy: "fill", targets: [{ kind: "community" }] },
        400,
        "validation_failed",
      ],
      [
        { name: "x", kind: "flyer", strategy: "fill", targets: [{ kind: "staff", staffId: g }] },
        422,
        "unprocessable",
      ],
      [
        {
          name: "x",
          kind: "flyer",
          strategy: "fill",
          targets: [{ kind: "community", communityId: foreign }],
        },
        422,
        "unprocessable",
      ],
      [
        { name: "x", kind: "flyer", strategy: "schedule", targets: [{ kind: "community", communityId: g }] },
        400,
        "validation_failed",
      ],
      [
        {
          name: "x",
          kind: "flyer",
          strategy: "fill",
          targets: [{ kind: "community", communityId: g, windowKey: "nope" }],
        },
        400,
        "validation_failed",
      ],
      [
        {
          name: "x",
          kind: "flyer",
          strategy: "fill",
          cost: -1,
          targets: [{ kind: "community", communityId: g }],
        },
        400,
        "validation_failed",
      ],
      [
        {
          name: "x",
          kind: "flyer",
          strategy: "fill",
          targets: [{ kind: "community", communityId: g, role: "backup" }],
        },
        400,
        "validation_failed",
      ],
    ];
    for (const [payload, status, code] of bad) {
      const res: LightMyRequestResponse = await owner.call("POST", "/api/v1/live-codes", payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await count("live_codes")).toBe(before);

    const mine = (
      await owner.call("POST", "/api/v1/live-codes", {
        name: "我的",
        kind: "flyer",
        strategy: "fill",
        targets: [{ kind: "community", communityId: g }],
      })
    ).json();
    expect((await stranger.call("GET", `/api/v1/live-codes/${mine.id}`)).statusCode).toBe(404);
    expect((await stranger.call("GET", "/api/v1/live-codes")).json().data).toEqual([]);
    expect((await stranger.call("DELETE", `/api/v1/live-codes/${mine.id}`)).statusCode).toBe(404);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/live-codes", headers: bearer(shop.apiKey) }))
        .statusCode,
    ).toBe(403);
    expect(roleHas("operator", "channels:manage")).toBe(true);
    expect(roleHas("clerk", "channels:manage")).toBe(false);
    const lowered = await owner.call("PUT", `/api/v1/live-codes/${mine.id}`, {
      name: "我的",
      kind: "flyer",
      strategy: "fill",
      targets: [{ id: mine.targets[0].id, kind: "community", communityId: g, capacity: 1 }],
    });
    expect(lowered.statusCode).toBe(200);
    expect(lowered.json().targets[0]).toMatchObject({ id: mine.targets[0].id, capacity: 1, assigned: 0 });
  });
});
