import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { sendChatMessage } from "../src/modules/community/chat/send-message.js";
import { joinCommunity } from "../src/modules/community/join-community.js";
import { runDueOccurrences, writeDueOccurrences } from "../src/modules/content/run-due.js";
import { findOrCreateCustomer } from "../src/modules/customers/create-customer.js";
import { createShortLink } from "../src/modules/links/short-links.js";
import { type ClickRow, writeClicks } from "../src/modules/links/write-clicks.js";
import { createTestMerchant, testConfig } from "./support/app.js";
import { seedCommunity as seedExternalCommunity } from "./support/channel-fixtures.js";
import { seedCommunity } from "./support/community-chat-fixture.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

const shanghai = (wall: string) => new Date(`${wall}+08:00`);

describeEachDatabase("community health", (use) => {
  let app: App;
  const clock = shanghai("2027-03-03T12:00:00");
  // The console's clock: posts are scheduled the morning before, health is read at `clock`.
  let appNow = clock;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;

  beforeAll(async () => {
    app = await buildApp({ database: use(), config: testConfig, now: () => appNow });
    await app.ready();
    shop = await createTestMerchant(use(), "Health Shop");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
  });

  const click = (linkId: string, customerId: string, at: Date, isBot: boolean): ClickRow => ({
    merchant_id: shop.merchant.id,
    id: randomUUID(),
    link_id: linkId,
    at: at.toISOString(),
    day: "2027-03-01",
    hour: new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString(),
    kind: "click",
    method: "GET",
    referrer: null,
    referrer_host: null,
    user_agent: null,
    device: "mobile",
    os: "iOS",
    browser: "WeChat",
    is_bot: isBot,
    visitor: randomUUID(),
    customer_id: customerId,
  });

  it("counts chat messages and calendar runs by day, the promotional share of posts, and members active by chat, clicks or orders", async () => {
    const merchantId = shop.merchant.id;
    const { communityId, members } = await seedCommunity(use(), merchantId, { members: 4, name: "健康群" });
    const [speaker, clicker, botClicker, quiet] = members.map((m) => m.customerId) as string[];
    const externalId = await seedExternalCommunity(use(), merchantId, { name: "外部微信群" });

    // A member speaks twice yesterday; staff write a text and a coupon card today.
    const yesterday = shanghai("2027-03-02T12:00:00");
    for (const body of ["早上好", "请问今天有活动吗"]) {
      await withMerchant(use(), merchantId, (tx) =>
        sendChatMessage(
          tx,
          merchantId,
          communityId,
          { kind: "member", customerId: speaker as string },
          { kind: "text", body, pin: false },
          yesterday,
        ),
      );
    }
    const staff = { kind: "staff" as const, staffId: shop.ownerStaffId };
    await withMerchant(use(), merchantId, (tx) =>
      sendChatMessage(tx, merchantId, communityId, staff, { kind: "text", body: "欢迎", pin: false }, clock),
    );
    const template = await owner.call("POST", "/api/v1/coupon-templates", {
      name: "满100减10",
      rule: { kind: "threshold", tiers: [{ minSpend: 10000, amountOff: 1000 }] },
      validity: { type: "fixed", validUntil: "2099-01-01T00:00:00Z" },
    });
    expect(template.statusCode, template.body).toBe(201);
    await withMerchant(use(), merchantId, (tx) =>
      sendChatMessage(
        tx,
        merchantId,
        communityId,
        staff,
        { kind: "card", card: { kind: "coupon_template", id: template.json().id }, body: "", pin: false },
        clock,
      ),
    );

    // Calendar: a promotional post into the built-in chat today, a plain one handed to staff for
    // the external group yesterday evening.
    appNow = shanghai("2027-03-02T08:00:00");
    const builtinPost = await owner.call("POST", "/api/v1/content/posts", {
      communityId,
      title: "限时优惠",
      body: "今天全场九折",
      promotional: true,
      schedule: { repeat: "once", startDate: "2027-03-03", localTime: "09:00" },
    });
    expect(builtinPost.statusCode, builtinPost.body).toBe(201);
    const externalPost = await owner.call("POST", "/api/v1/content/posts", {
      communityId: externalId,
      title: "育儿小贴士",
      body: "多陪孩子读书",
      promotional: false,
      schedule: { repeat: "once", startDate: "2027-03-02", localTime: "20:00" },
    });
    expect(externalPost.statusCode, externalPost.body).toBe(201);
    appNow = clock;
    for (const at of [shanghai("2027-03-02T20:00:00"), shanghai("2027-03-03T09:00:00")]) {
      await writeDueOccurrences(use(), at);
      await runDueOccurrences(use(), at);
    }

    // A known customer's click counts; a bot's does not.
    const link = await withMerchant(use(), merchantId, (tx) =>
      createShortLink(tx, merchantId, { title: "活动页", target: "https://example.com/sale" }),
    );
    await writeClicks(use(), [
      click(link.id, clicker as string, shanghai("2027-03-01T10:00:00"), false),
      click(link.id, botClicker as string, shanghai("2027-03-01T10:00:00"), true),
    ]);

    // A member who ordered.
    const phone = `137${String(Date.now()).slice(-8)}`;
    const buyer = await withMerchant(use(), merchantId, async (tx) => {
      const { id } = await findOrCreateCustomer(tx, merchantId, { phone, name: "买家" }, { source: "api" });
      await joinCommunity(tx, merchantId, { communityId, customerId: id, source: "test" });
      return id;
    });
    const order = await app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: { authorization: `Bearer ${shop.apiKey}` },
      payload: {
        externalId: `H-${randomUUID()}`,
        customer: { phone },
        placedAt: yesterday.toISOString(),
        items: [{ sku: "A1", name: "奶粉", quantity: 1, unitPrice: 25_000 }],
      },
    });
    expect(order.statusCode, order.body).toBe(201);
    expect([buyer, quiet]).toHaveLength(2);

    const res = await owner.call("GET", `/api/v1/communities/${communityId}/health`);
    expect(res.statusCode, res.body).toBe(200);
    const health = res.json();
    expect(health.activeFrom).toEqual(["orders", "chat", "link_clicks"]);
    // speaker (chat), clicker (known click), buyer (order); not the bot's customer nor the quiet one.
    expect(health.activeMembers7d).toBe(3);
    expect(health.messagesPerDay).toHaveLength(30);
    expect(health.messagesPerDay.at(-1)).toEqual({ date: "2027-03-03", messages: 3 });
    expect(health.messagesPerDay.at(-2)).toEqual({ date: "2027-03-02", messages: 2 });
    expect(health.messagesPerDay.slice(0, -2).every((d: { messages: number }) => d.messages === 0)).toBe(
      true,
    );
    // Posts: the staff text, the coupon card, the built-in run (one post, not its chat message again).
    expect(health.posts).toEqual({ total: 3, promotional: 2 });
    expect(health.promotionalShare).toBeCloseTo(2 / 3);

    // The external group: its run is its message and its post (the chat never saw it).
    const external = (await owner.call("GET", `/api/v1/communities/${externalId}/health`)).json();
    expect(external.messagesPerDay.at(-2)).toEqual({ date: "2027-03-02", messages: 1 });
    expect(external.posts).toEqual({ total: 1, promotional: 0 });
    expect(external.promotionalShare).toBe(0);
    expect(external.activeMembers7d).toBe(0);
  });
});
