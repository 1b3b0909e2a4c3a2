import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createOrder, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const phone = "13800000077";

describe("messaging: staff send to a segment, the guard holds what is over the cap, a member reads the inbox", () => {
  let world: BrowserWorld;
  let owner: Awaited<ReturnType<typeof setupShop>>;
  let desktop: BrowserContext;
  let admin: Page;
  let member: Page;
  let segmentId = "";
  const errors: string[][] = [];

  beforeAll(async () => {
    world = await startBrowserWorld();
    owner = await setupShop(world.baseUrl, { name: "花间茶舍", slug: "tea-msg", timeZone: "Asia/Shanghai" });
    const apiKey = await createApiKey(world.baseUrl, owner);
    await createOrder(world.baseUrl, apiKey, {
      externalId: "M1",
      customer: { phone, name: "钱会员" },
      placedAt: "2026-11-20T10:00:00+08:00",
      items: [{ sku: "TEA", name: "白茶", category: "茶叶", quantity: 1, unitPrice: 9_900 }],
    });
    const rule = { all: [{ field: "metrics.orderCount", op: "gte", value: 1 }] };
    for (let tries = 0; tries < 50; tries++) {
      const { count } = await staffRequest<{ count: number }>(
        world.baseUrl,
        owner,
        "POST",
        "/api/v1/insight/preview",
        {
          rule,
        },
      );
      if (count === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const segment = await staffRequest<{ id: string }>(world.baseUrl, owner, "POST", "/api/v1/segments", {
      name: "老顾客",
      rule,
    });
    segmentId = segment.id;
    for (let tries = 0; tries < 100; tries++) {
      const { memberCount } = await staffRequest<{ memberCount: number }>(
        world.baseUrl,
        owner,
        "GET",
        `/api/v1/segments/${segment.id}`,
      );
      if (memberCount === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    admin = await desktop.newPage();
    errors.push(collectPageErrors(admin));
    const phoneContext = await newPhoneContext(world.browser, world.baseUrl);
    member = await phoneContext.newPage();
    errors.push(collectPageErrors(member));
  });
  afterEach(() => {
    for (const list of errors) expect(list).toEqual([]);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function compose(title: string, body: string) {
    await admin.getByRole("tab", { name: "发消息" }).click();
    await admin.getByTestId("messaging-segment").click();
    await admin.getByTitle(/老顾客/).click();
    await admin.getByTestId("messaging-title").fill(title);
    await admin.getByTestId("messaging-body").fill(body);
    await admin.getByLabel("链接（可选）").fill("/m/tea-msg/coupons");
    await admin.getByTestId("messaging-preview").click();
    return admin.getByTestId("messaging-preview-result");
  }

  it("lets the owner set the guard: one promotional message a day, no quiet hours", async () => {
    await admin.goto("/admin");
    await admin.getByLabel("邮箱或手机号").fill(owner.owner.email);
    await admin.getByLabel("密码").fill(owner.owner.password);
    await admin.getByRole("button", { name: "登录" }).click();
    // 消息推送 sits in the 社群 submenu; opening its page opens the submenu too.
    await admin.getByRole("menuitem", { name: "客户" }).waitFor();
    await admin.goto("/admin/community/messages");
    await admin.getByRole("menuitem", { name: "消息推送" }).waitFor();
    await admin.getByRole("tab", { name: "防打扰与 Webhook" }).click();
    const daily = admin.getByLabel("每人每天营销消息上限");
    expect(await daily.inputValue()).toBe("2");
    expect(await admin.getByTestId("quiet-start").textContent()).toContain("21:00");
    await screenshot(admin, "admin-messaging-settings");
    // A webhook on the shop's own network is refused, and the field says why.
    const webhookUrl = admin.getByLabel("Webhook 地址");
    await webhookUrl.fill("http://10.0.0.5/hook");
    await admin.getByTestId("messaging-settings-save").click();
    await admin.getByText("Webhook 地址必须是公网上的 http(s) 地址").waitFor();
    await webhookUrl.fill("");
    await daily.fill("1");
    await admin.getByRole("switch", { name: "开启免打扰" }).click();
    await admin.getByTestId("messaging-settings-save").click();
    await admin.getByText("已保存").first().waitFor();
    const saved = await staffRequest<{ dailyCap: number; quietHours: unknown }>(
      world.baseUrl,
      owner,
      "GET",
      "/api/v1/messaging/settings",
    );
    expect(saved).toMatchObject({ dailyCap: 1, quietHours: null });
  });

  it("sends the first message at once and holds the second over the daily cap, with its reason and time", async () => {
    const first = await compose("冬季新茶上市", "新到的白毫银针，会员九折，欢迎到店品尝。");
    expect(await first.textContent()).toContain("共 1 人：立即送达 1 人，暂缓 0 人");
    await admin.getByTestId("messaging-send").click();
    await admin.getByText("已发送：送达 1 人，暂缓 0 人").waitFor();
    await admin.getByTestId("messaging-outbox").getByText("冬季新茶上市").waitFor();

    const second = await compose("周末品茶会", "本周六下午两点，茶艺师现场冲泡。");
    await expect.poll(() => second.textContent()).toContain("暂缓 1 人");
    expect(await second.textContent()).toContain("已达每日上限：1 人");
    await screenshot(admin, "admin-messaging-compose");
    await admin.getByTestId("messaging-send").click();
    await admin.getByText("已发送：送达 0 人，暂缓 1 人").waitFor();
    const held = admin.getByRole("row", { name: /周末品茶会/ });
    await held.waitFor();
    expect(await held.textContent()).toContain("暂缓发送");
    // Held until the shop's next midnight (the cap is per local day).
    expect(await held.getByTestId("messaging-hold").textContent()).toMatch(
      /^已达每日上限，将于 \d{4}-\d{2}-\d{2} 00:00 发送$/,
    );
    expect(await admin.getByRole("row", { name: /冬季新茶上市/ }).textContent()).toContain("已送达");
    await screenshot(admin, "admin-messaging-outbox");
  });

  it("shows the member the delivered messages with an unread badge, not the held one, and a message's card", async () => {
    // A service notice with a card: never held, whatever the cap.
    const notice = await staffRequest<{ delivered: number }>(
      world.baseUrl,
      owner,
      "POST",
      "/api/v1/messaging/sends",
      {
        category: "service",
        title: "取货提醒",
        body: "你预订的白茶已到店，凭取货码到前台领取。",
        card: { kind: "coupon", id: "00000000-0000-4000-8000-000000000001" },
        audience: { kind: "segment", id: segmentId },
      },
    );
    expect(notice.delivered).toBe(1);
    await member.goto("/m/tea-msg");
    await member.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(phone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();
    const entry = member.getByTestId("inbox-entry");
    await entry.waitFor();
    await expect.poll(() => entry.textContent()).toContain("2 条未读");
    await screenshot(member, "member-inbox-entry");
    await entry.click();
    await expect.poll(() => member.getByTestId("inbox-item").count()).toBe(2);
    expect(await member.getByTestId("inbox-list").textContent()).not.toContain("周末品茶会");
    await screenshot(member, "member-inbox");
    await member.getByTestId("inbox-item").filter({ hasText: "冬季新茶上市" }).click();
    const detail = member.getByTestId("inbox-detail");
    await detail.waitFor();
    expect(await detail.textContent()).toContain("新到的白毫银针");
    await member.getByTestId("inbox-link").waitFor();
    await screenshot(member, "member-inbox-message");
    await member.goto("/m/tea-msg/inbox");
    await member.getByTestId("inbox-item").filter({ hasText: "取货提醒" }).click();
    await member.getByTestId("inbox-card").waitFor();
    expect(await member.getByTestId("inbox-card").textContent()).toContain("查看优惠券");
    await screenshot(member, "member-inbox-card");
    await member.goto("/m/tea-msg");
    await expect.poll(() => member.getByTestId("inbox-entry").textContent()).toContain("店铺通知与活动消息");
  });

  it("reads in English on the member page and on a phone-width console", async () => {
    await member.evaluate(() => localStorage.setItem("quanzi.member.locale", "en"));
    await member.goto("/m/tea-msg/inbox");
    await member.getByText("Messages").first().waitFor();
    await member.getByTestId("inbox-item").first().waitFor();
    expect(await member.getByTestId("inbox-list").textContent()).toContain("Offer");
    await screenshot(member, "member-inbox-en");
    await member.evaluate(() => localStorage.setItem("quanzi.member.locale", "zh-CN"));

    await admin.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await admin.goto("/admin/community/messages?tab=outbox");
    const held = admin.getByRole("row", { name: /周末品茶会/ });
    await held.waitFor();
    expect(await held.getByTestId("messaging-hold").textContent()).toMatch(/^Daily cap reached; goes at /);
    await screenshot(admin, "admin-messaging-outbox-en");
    await admin.evaluate(() => localStorage.setItem("quanzi.admin.locale", "zh-CN"));

    const phoneContext = await newPhoneContext(world.browser, world.baseUrl);
    try {
      const staffPhone = await phoneContext.newPage();
      const phoneErrors = collectPageErrors(staffPhone);
      await staffPhone.goto("/admin/community/messages?tab=outbox");
      await staffPhone.getByLabel("邮箱或手机号").fill(owner.owner.email);
      await staffPhone.getByLabel("密码").fill(owner.owner.password);
      await staffPhone.getByRole("button", { name: "登录" }).click();
      await staffPhone.getByRole("row", { name: /周末品茶会/ }).waitFor();
      await screenshot(staffPhone, "admin-messaging-outbox-phone");
      expect(phoneErrors).toEqual([]);
    } finally {
      await phoneContext.close();
    }
  });
});
