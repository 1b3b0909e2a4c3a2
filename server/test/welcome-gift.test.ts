import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { findOrCreateCustomer } from "../src/modules/customers/create-customer.js";
import { walletBalance } from "../src/modules/loyalty/ledger/wallet-balance.js";
import { updateLoyaltySettings } from "../src/modules/loyalty/points/loyalty-settings.js";
import {
  grantFirstOrderWelcomeGift,
  grantWelcomeGift,
} from "../src/modules/loyalty/welcome-gift/grant-welcome-gift.js";
import { isProfileComplete } from "../src/modules/loyalty/welcome-gift/profile-completion.js";
import { createMemberSession } from "../src/modules/members/member-sessions.js";
import { bearer, createTestMerchant, testConfig } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient, startSmsCapture } from "./support/sessions.js";

const gift = {
  enabled: true,
  triggers: ["first_login", "channel"],
  channels: ["wechat-ad"],
  points: 100,
  items: [{ name: "帆布袋", quantity: 1 }],
  coupon: { templateId: "first-order-10off", quantity: 1 },
};

describeEachDatabase("new-member gift", (use) => {
  let app: App;
  let sms: Awaited<ReturnType<typeof startSmsCapture>>;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let phoneCounter = 0;
  let clock = new Date();
  const system = { kind: "system" as const, name: "test" };

  const nextPhone = () => {
    phoneCounter += 1;
    return `1370000${String(phoneCounter).padStart(4, "0")}`;
  };
  const member = (path: string) => `/api/m/${shop.merchant.slug}${path}`;

  async function logIn(phone: string, channel?: string) {
    clock = new Date(clock.getTime() + 120_000);
    const headers = { "x-requested-with": "quanzi" };
    await app.inject({ method: "POST", url: member("/otp"), payload: { phone }, headers });
    const res = await app.inject({
      method: "POST",
      url: member("/login"),
      headers,
      payload: { phone, code: sms.lastCodeFor(phone), ...(channel ? { channel } : {}) },
    });
    expect(res.statusCode).toBe(200);
    const cookie = `quanzi_member=${res.cookies.find((c) => c.name === "quanzi_member")!.value}`;
    return { id: res.json().customer.id as string, headers: { cookie, "x-requested-with": "quanzi" } };
  }

  const newCustomer = async () =>
    (
      await withMerchant(use(), shop.merchant.id, (tx) =>
        findOrCreateCustomer(tx, shop.merchant.id, { phone: nextPhone() }, { source: "api" }),
      )
    ).id;

  async function stateOf(customerId: string) {
    return withSystem(use(), async (tx) => {
      const [row] = rowsOf<{ gifts: number; entries: number; points: number; coupons: number }>(
        await tx.execute(sql`select
          (select count(*)::int from welcome_gifts where customer_id = ${customerId}) as gifts,
          (select count(*)::int from ledger_entries where customer_id = ${customerId}
             and idempotency_key = ${`welcome:${customerId}`}) as entries,
          (select coalesce(sum(amount), 0)::int from ledger_entries where customer_id = ${customerId}) as points,
          (select count(*)::int from events where customer_id = ${customerId} and type = 'coupon.due') as coupons`),
      );
      return row!;
    });
  }

  beforeAll(async () => {
    sms = await startSmsCapture();
    // Each login moves the clock past the one-minute resend wait, so a phone can sign in again.
    app = await buildApp({
      database: use(),
      config: { ...testConfig, smsSender: "webhook", smsWebhookUrl: sms.url },
      now: () => {
        clock = new Date(clock.getTime() + 1000);
        return clock;
      },
    });
    await app.ready();
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
    await sms.close();
  });

  it("gives nothing while the gift is off", async () => {
    const settings = await owner.call("GET", "/api/v1/loyalty/welcome-gift/settings");
    expect(settings.json()).toMatchObject({ enabled: false, triggers: ["first_login"], updatedAt: null });
    const { id } = await logIn(nextPhone());
    expect(await stateOf(id)).toEqual({ gifts: 0, entries: 0, points: 0, coupons: 0 });
  });

  it("refuses an enabled gift that gives nothing, naming the field", async () => {
    const empty = await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", {
      ...gift,
      points: 0,
      items: [],
      coupon: null,
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.issues[0].path).toBe("body.points");
    const badChannel = await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", {
      ...gift,
      channels: ["has space"],
    });
    expect(badChannel.statusCode).toBe(400);
    const saved = await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", gift);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ enabled: true, points: 100, channels: ["wechat-ad"] });
  });

  it("gives the gift on a member's first login only, with its points, items and coupon hook", async () => {
    const phone = nextPhone();
    const first = await logIn(phone);
    expect(await stateOf(first.id)).toEqual({ gifts: 1, entries: 1, points: 100, coupons: 1 });
    const mine = await app.inject({ method: "GET", url: member("/welcome-gift"), headers: first.headers });
    expect(mine.json().gift).toMatchObject({
      trigger: "first_login",
      points: 100,
      items: [{ name: "帆布袋", quantity: 1 }],
      coupon: { templateId: "first-order-10off", quantity: 1 },
    });
    await logIn(phone);
    expect(await stateOf(first.id)).toEqual({ gifts: 1, entries: 1, points: 100, coupons: 1 });
  });

  it("does not treat a returning member's login as joining", async () => {
    await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", { ...gift, enabled: false });
    const phone = nextPhone();
    const { id } = await logIn(phone);
    await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", gift);
    await logIn(phone);
    expect(await stateOf(id)).toMatchObject({ gifts: 0, points: 0 });
  });

  it("records a join through a listed channel link as a channel join; an unlisted one falls back to first login", async () => {
    const listed = await logIn(nextPhone(), "wechat-ad");
    const mine = await app.inject({ method: "GET", url: member("/welcome-gift"), headers: listed.headers });
    expect(mine.json().gift).toMatchObject({ trigger: "channel", channel: "wechat-ad" });
    const other = await logIn(nextPhone(), "poster");
    const theirs = await app.inject({ method: "GET", url: member("/welcome-gift"), headers: other.headers });
    expect(theirs.json().gift).toMatchObject({ trigger: "first_login", channel: null });
  });

  it("grants a channel join through the API once: 201, then 409 already_done; an unlisted channel is 422", async () => {
    const id = await newCustomer();
    const url = `/api/v1/customers/${id}/welcome-gift`;
    const call = (channel: string) =>
      app.inject({ method: "POST", url, headers: bearer(shop.apiKey), payload: { channel } });
    const unlisted = await call("tiktok");
    expect(unlisted.statusCode).toBe(422);
    expect(unlisted.json().error.details.reason).toBe("channel_not_listed");
    const granted = await call("wechat-ad");
    expect(granted.statusCode).toBe(201);
    expect(granted.json()).toMatchObject({ trigger: "channel", channel: "wechat-ad", points: 100 });
    const staffView = await app.inject({ method: "GET", url, headers: bearer(shop.apiKey) });
    expect(staffView.json().gift).toMatchObject({ trigger: "channel", points: 100 });
    const again = await call("wechat-ad");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("already_done");
    expect(await stateOf(id)).toEqual({ gifts: 1, entries: 1, points: 100, coupons: 1 });
  });

  it("grants once under 20 parallel triggers of every kind", async () => {
    await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", {
      ...gift,
      triggers: ["first_login", "first_order", "channel"],
    });
    const id = await newCustomer();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withMerchant(use(), shop.merchant.id, (tx) =>
          i % 3 === 0
            ? grantFirstOrderWelcomeGift(tx, shop.merchant.id, id, system)
            : grantWelcomeGift(tx, shop.merchant.id, id, i % 3 === 1 ? "channel" : "first_login", system, {
                channel: "wechat-ad",
              }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.granted)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.granted && o.reason === "already_granted")).toHaveLength(19);
    expect(await stateOf(id)).toEqual({ gifts: 1, entries: 1, points: 100, coupons: 1 });
  });

  it("leaves a trigger the shop has not switched on to a later one", async () => {
    await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", { ...gift, triggers: ["first_order"] });
    const id = await newCustomer();
    const viaChannel = await withMerchant(use(), shop.merchant.id, (tx) =>
      grantWelcomeGift(tx, shop.merchant.id, id, "channel", system, { channel: "wechat-ad" }),
    );
    expect(viaChannel).toEqual({ granted: false, reason: "trigger_off" });
    const viaOrder = await withMerchant(use(), shop.merchant.id, (tx) =>
      grantFirstOrderWelcomeGift(tx, shop.merchant.id, id, system),
    );
    expect(viaOrder.granted).toBe(true);
    await owner.call("PUT", "/api/v1/loyalty/welcome-gift/settings", gift);
  });

  it("lists the gifts granted for staff, newest first, with the member's phone", async () => {
    const res = await owner.call("GET", "/api/v1/loyalty/welcome-gifts?limit=2");
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.data).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    expect(page.data[0].grantedAt >= page.data[1].grantedAt).toBe(true);
    expect(page.data[0].customerPhone).toMatch(/^137/);
    const next = (
      await owner.call("GET", `/api/v1/loyalty/welcome-gifts?limit=50&cursor=${page.nextCursor}`)
    ).json();
    const seen = new Set([...page.data, ...next.data].map((g: { customerId: string }) => g.customerId));
    expect(seen.size).toBe(page.data.length + next.data.length);
  });

  it("defines a complete profile as name, gender, birthday and city", () => {
    const full = { name: "王五", gender: "female", birthday: "1990-01-02", city: "杭州" };
    expect(isProfileComplete(full)).toBe(true);
    expect(isProfileComplete({ ...full, gender: "unknown" })).toBe(false);
    expect(isProfileComplete({ ...full, city: " " })).toBe(false);
    expect(isProfileComplete({ ...full, birthday: null })).toBe(false);
  });

  it("gives the profile completion points once, when the member page completes the profile", async () => {
    await withMerchant(use(), shop.merchant.id, (tx) =>
      updateLoyaltySettings(tx, shop.merchant.id, { profileCompletionPoints: 30 }),
    );
    const id = await newCustomer();
    const token = await createMemberSession(use(), shop.merchant.id, id);
    const headers = { cookie: `quanzi_member=${token}`, "x-requested-with": "quanzi" };
    const patch = (payload: object) => app.inject({ method: "PATCH", url: member("/me"), headers, payload });
    const balance = () =>
      withMerchant(use(), shop.merchant.id, (tx) => walletBalance(tx, shop.merchant.id, id, "points")).then(
        (b) => b.available,
      );
    expect((await patch({ name: "王五", gender: "female" })).statusCode).toBe(200);
    expect(await balance()).toBe(0);
    expect((await patch({ birthday: "1990-01-02", city: "杭州" })).statusCode).toBe(200);
    expect(await balance()).toBe(30);
    await withMerchant(use(), shop.merchant.id, (tx) =>
      updateLoyaltySettings(tx, shop.merchant.id, { profileCompletionPoints: 50 }),
    );
    expect((await patch({ city: "上海" })).statusCode).toBe(200);
    await Promise.all([patch({ city: "北京" }), patch({ city: "深圳" })]);
    expect(await balance()).toBe(30);
  });
});
