import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createOrder, keyRequest, setupShop } from "./support/api.js";
import { collectPageErrors, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const phone = "13800000001";

describe("member page", () => {
  let world: BrowserWorld;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    world = await startBrowserWorld();
    const session = await setupShop(world.baseUrl, {
      name: "鲜果铺",
      slug: "fresh",
      timeZone: "Asia/Shanghai",
    });
    const apiKey = await createApiKey(world.baseUrl, session);
    await createOrder(world.baseUrl, apiKey, {
      externalId: "POS-1001",
      customer: { phone, name: "张三" },
      placedAt: "2026-11-01T10:00:00+08:00",
      items: [
        { sku: "A1", name: "红富士苹果", category: "水果", quantity: 2, unitPrice: 1250 },
        { sku: "V7", name: "有机菠菜", category: "蔬菜", quantity: 1, unitPrice: 890 },
      ],
    });
    // Older orders fill a second page of the member's list (pages of 10); one of them is partly refunded.
    for (let day = 1; day <= 11; day += 1) {
      const order = await createOrder(world.baseUrl, apiKey, {
        externalId: `POS-20${String(day).padStart(2, "0")}`,
        customer: { phone },
        placedAt: `2026-10-${String(day).padStart(2, "0")}T09:30:00+08:00`,
        items: [{ sku: "M3", name: "纯牛奶 1L", category: "乳品", quantity: 3, unitPrice: 1500 }],
      });
      if (day === 1) {
        await keyRequest(world.baseUrl, apiKey, "POST", `/api/v1/orders/${order.id}/refunds`, {
          lines: [{ lineNo: 1, quantity: 1 }],
        });
      }
    }
    // A member abroad: order times must still read in the shop's zone (Asia/Shanghai), not the phone's.
    context = await newPhoneContext(world.browser, world.baseUrl, { timezoneId: "Europe/London" });
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });
  afterAll(async () => {
    await context?.close();
    await world?.close();
  });

  it("tells a visitor when the shop does not exist", async () => {
    await page.goto("/m/no-such-shop");
    await expect.poll(() => page.getByText("找不到这家店").isVisible()).toBe(true);
    await screenshot(page, "member-shop-not-found");
  });

  it("signs a member in with the SMS code and shows their orders", async () => {
    await page.goto("/m/fresh");
    await page.getByText("鲜果铺").waitFor();
    await screenshot(page, "member-login");

    await page.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await page.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(phone, { since: sentBefore });
    await page.getByText(/\d+ 秒后重发/).waitFor();
    await page.getByRole("status").getByText("验证码已发送至 138****0001").waitFor();
    await screenshot(page, "member-login-code-sent");

    const wrongCode = code === "000000" ? "111111" : "000000";
    await page.getByPlaceholder("6 位验证码").fill(wrongCode);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("alert").getByText("验证码错误").waitFor();
    await screenshot(page, "member-login-wrong-code");

    await page.getByPlaceholder("6 位验证码").fill(code);
    await page.getByRole("button", { name: "登录" }).click();

    const order = page.locator('[data-testid="order-card"][data-order-id="POS-1001"]');
    await order.waitFor();
    await expect.poll(() => order.textContent()).toContain("红富士苹果");
    const text = (await order.textContent()) ?? "";
    expect(text).toContain("有机菠菜");
    expect(text).toContain("×2");
    expect(text).toContain("¥33.90");
    expect(text).toContain("2026-11-01 10:00");
    expect(text).toContain("已完成");
    expect(await page.getByTestId("member-name").textContent()).toBe("张三");
    await screenshot(page, "member-orders");
  });

  it("loads older orders as the member scrolls, with their refunds", async () => {
    const cards = page.getByTestId("order-card");
    expect(await cards.count()).toBe(10);
    await page.mouse.wheel(0, 20_000);
    await expect.poll(() => cards.count()).toBe(12);
    await page.getByText("没有更多了").waitFor();
    const refunded = page.locator('[data-testid="order-card"][data-order-id="POS-2001"]');
    const text = (await refunded.textContent()) ?? "";
    expect(text).toContain("部分退款");
    expect(text).toContain("已退款 ¥15.00");
    expect(text).toContain("已退 1");
    expect(text).toContain("2026-10-01 09:30");
    await refunded.scrollIntoViewIfNeeded();
    await screenshot(page, "member-orders-refunded", { fullPage: false });
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it("saves profile edits that survive a reload", async () => {
    await page.getByText("编辑资料").first().click();
    await page.getByText("个人资料").waitFor();
    await page.getByPlaceholder("怎么称呼您").fill("张小三");
    await page.getByText("女", { exact: true }).click();
    await page.getByPlaceholder("城市").fill("杭州市");
    await screenshot(page, "member-profile");
    await page.getByRole("button", { name: "保存" }).click();

    await expect.poll(() => page.getByTestId("member-name").textContent()).toBe("张小三");
    await page.reload();
    await expect.poll(() => page.getByTestId("member-name").textContent()).toBe("张小三");
    await page.getByText("编辑资料").first().click();
    await expect.poll(() => page.getByPlaceholder("城市").inputValue()).toBe("杭州市");
  });

  it("explains used-up codes and resend limits", async () => {
    const otherPhone = "13800000002";
    const other = await newPhoneContext(world.browser, world.baseUrl);
    const otherPage = await other.newPage();
    try {
      await otherPage.goto("/m/fresh");
      await otherPage.getByPlaceholder("请输入手机号").fill(otherPhone);
      const sentBefore = world.sms.messages.length;
      await otherPage.getByRole("button", { name: "获取验证码" }).click();
      const code = await world.sms.waitForCode(otherPhone, { since: sentBefore });
      const wrongCode = code === "000000" ? "111111" : "000000";
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await otherPage.getByPlaceholder("6 位验证码").fill(wrongCode);
        await otherPage.getByRole("button", { name: "登录" }).click();
        await otherPage.getByRole("alert").getByText("验证码错误，请重新输入").waitFor();
      }
      // Five wrong guesses use the code up: even the right one is refused now.
      await otherPage.getByPlaceholder("6 位验证码").fill(code);
      await otherPage.getByRole("button", { name: "登录" }).click();
      await otherPage.getByRole("alert").getByText("验证码错误次数过多").waitFor();

      // A reload forgets the countdown, but the server still refuses a second code within the minute.
      await otherPage.reload();
      await otherPage.getByPlaceholder("请输入手机号").fill(otherPhone);
      await otherPage.getByRole("button", { name: "获取验证码" }).click();
      await otherPage
        .getByRole("alert")
        .getByText(/请 \d+ 秒后再试/)
        .waitFor();
      await otherPage.getByText(/\d+ 秒后重发/).waitFor();
      await screenshot(otherPage, "member-login-rate-limited");
    } finally {
      await other.close();
    }
  });

  it("switches to English and signs out", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await page.getByText("Profile").waitFor();
    await screenshot(page, "member-profile-en");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Sign out" }).click();
    await page.getByText("Sign in with your phone").waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/m/fresh/me")).status);
    expect(me).toBe(401);
  });

  it("makes a new phone a member with an empty order list", async () => {
    const newPhone = "13800000003";
    await page.getByPlaceholder("Mobile number").fill(newPhone);
    const sentBefore = world.sms.messages.length;
    await page.getByRole("button", { name: "Send code" }).click();
    const code = await world.sms.waitForCode(newPhone, { since: sentBefore });
    await page.getByPlaceholder("6-digit code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("No orders yet").waitFor();
    expect(await page.getByTestId("member-name").textContent()).toBe("Member");
    expect(await page.getByTestId("order-card").count()).toBe(0);
    await screenshot(page, "member-new-empty-en");
  });
});
